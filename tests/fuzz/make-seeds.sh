#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/)
# and the fixed trust anchors of fuzz-cert-verify (tests/fuzz/fuzz-ca.pem).
# Run once; the outputs are committed, so the fuzz runs are reproducible.
#
#   tests/fuzz/make-seeds.sh [LOT-certificate.pdf LOT-certificate.pdf.p7s SITE-CA.pem]
#
# The optional arguments are a real batch certificate of a Stroma site and
# that site's CA (`stromactl lot release`, `stromactl pki export-ca`); its
# CA joins the trust anchors.  The other seeds are made here with the
# openssl tool: a CA and a signing certificate valid for a hundred years (a
# seed must verify "now" for as long as the corpus is in use), PKCS#12
# files in several protections with the passphrase fuzz-pass, and small
# signed documents.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$corpus/spec" "$corpus/values" "$corpus/pkcs12" "$corpus/cert-verify"

# spec: the default specification and a few small documents.
cp "$here/../../data/specs/msc-rel-v1.json" "$corpus/spec/msc-rel-v1.json"
printf '%s' '{"code":"X","title":"t","items":[{"param":"a","type":"number","bounds":[0,100],"limits":[{"op":">=","value":70},{"op":"<","value":99.5}]}]}' >"$corpus/spec/number.json"
printf '%s' '{"code":"X-2","title":"t","items":[{"param":"s","type":"choice","choices":["no-growth","growth"],"accept":["no-growth"],"may_be_pending":true},{"param":"n","type":"integer","bounds":[1,null],"limits":[]}]}' >"$corpus/spec/choice.json"
printf '%s' '{"code":"X","title":"t","items":[{"param":"a","type":"number","limits":[{"op":">","value":1e-7},{"op":"<=","value":12345678.25}]}],"version":3,"status":"approved"}' >"$corpus/spec/meta.json"

# values: one line each; a second line is the other operand of a comparison.
i=0
for v in '70' '-0.000' '69.99
70' '92,50' '1.000,5' "1'000" '2026-02-29' '2024-02-29' '9223372036854775807' '-9223372036854775809' \
         '=G123426000001 00' 'g1234 26 000001' 'G12342600000 1X' '٫5' ' 12.5 ' '00099'; do
  i=$((i + 1))
  printf '%s' "$v" >"$corpus/values/seed-$i"
done
printf '\000\000\000\000\000\000\360\077' >"$corpus/values/double-1"        # 1.0
printf '\001\000\000\000\000\000\000\000' >"$corpus/values/double-denormal"  # 5e-324

# A CA and a signing certificate like the site's: P-256, S/MIME signing.
cd "$tmp"
cat >signer.cnf <<'CNF'
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = email:fuzz@fuzz.stroma.invalid
CNF
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 36500 \
  -subj "/O=Stroma Fuzz/CN=Stroma Fuzz signing CA" -keyout ca.key -out ca.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/O=Stroma Fuzz/UID=fuzz/CN=Fritz Fuzz" -keyout signer.key -out signer.csr 2>/dev/null
openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key -set_serial 0x5eed -days 36500 \
  -extfile signer.cnf -out signer.pem 2>/dev/null

# pkcs12: the passphrase is fuzz-pass; one iteration keeps each run fast.
p12() { name=$1; shift; openssl pkcs12 -export -inkey signer.key -in signer.pem -passout pass:fuzz-pass "$@" -out "$corpus/pkcs12/$name.p12"; }
p12 aes-chain -certfile ca.pem -iter 1
p12 legacy -legacy -iter 1
p12 no-mac -nomac -iter 1
p12 plain -nomac -keypbe NONE -certpbe NONE

# cert-verify: 4-byte little-endian document length, document, signature.
seed() {
  doc=$1 p7s=$2 out=$3
  python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(); s=open(sys.argv[2],"rb").read(); open(sys.argv[3],"wb").write(struct.pack("<I",len(d))+d+s)' "$doc" "$p7s" "$out"
}
printf '%%PDF-1.5\n%% a short document\n%%%%EOF\n' >short.pdf
openssl cms -sign -binary -md sha256 -nosmimecap -outform DER -signer signer.pem -inkey signer.key \
  -certfile ca.pem -in short.pdf -out short.p7s
seed short.pdf short.p7s "$corpus/cert-verify/openssl-signed"
printf 'changed' >changed.pdf
seed changed.pdf short.p7s "$corpus/cert-verify/content-changed"
openssl cms -sign -binary -md sha256 -noattr -outform DER -signer signer.pem -inkey signer.key \
  -in short.pdf -out noattr.p7s
seed short.pdf noattr.p7s "$corpus/cert-verify/no-signed-attributes"
cp ca.pem "$here/fuzz-ca.pem"
if [ $# -eq 3 ]; then
  seed "$1" "$2" "$corpus/cert-verify/stroma-certificate"
  cat "$3" >>"$here/fuzz-ca.pem"
fi
