#!/bin/sh
# real-clinic.sh CONTENT: the clinic's real details in CONTENT/site.yaml
# in place of the example's placeholders, which pamphlet handout and the
# handout desk refuse to print.  (tests/e2e/lib.sh's real_clinic, and the
# serve and bench scripts, which do not read lib.sh.)
sed -i 's/^  phone: .*/  phone: "020 7946 0123"/; s/^  email: .*/  email: "desk@clinic.org.uk"/; s/^  address: .*/  address: "1 High Street"/' "$1/site.yaml"
