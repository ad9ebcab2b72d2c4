# shellcheck shell=bash
# xinyong id check: one line per input, "<input>\t<ok|invalid>\t<kind>\t
# <normalised form or error code>", from arguments and from stdin; exit 0
# only when every input is valid. Needs no database.

T=$'\t'

# input, then the expected rest of its line (status, kind, result)
cases=(
	# GB 32100: the DOMAIN.md example, then codes of the district
	"91110000123456788M|ok${T}uscc${T}91110000123456788M"
	"91110000123456788A|invalid${T}uscc${T}uscc_checksum"
	"91370104MA3C00011C|ok${T}uscc${T}91370104MA3C00011C"
	"92370104MA3D00012Y|ok${T}uscc${T}92370104MA3D00012Y"
	# case, width and blanks are normalised
	"91370104ma3c00011c|ok${T}uscc${T}91370104MA3C00011C"
	"９１３７０１０４ＭＡ３Ｃ０００１１Ｃ|ok${T}uscc${T}91370104MA3C00011C"
	" 91370104MA3C00011C |ok${T}uscc${T}91370104MA3C00011C"
	# I is not in the alphabet
	"9137010IMA3C00011C|invalid${T}uscc${T}uscc_format"
	# inner organisation code wrong, outer check right: a warning only
	"91370104MA3C000195|ok${T}uscc${T}91370104MA3C000195"
	# GB 11714, printed and bare, check characters X and 0
	"12345678-8|ok${T}orgcode${T}12345678-8"
	"123456788|ok${T}orgcode${T}12345678-8"
	"12345678-9|invalid${T}orgcode${T}orgcode_checksum"
	"00000006-X|ok${T}orgcode${T}00000006-X"
	"0000000b0|ok${T}orgcode${T}0000000B-0"
	"ma3c0001-1|ok${T}orgcode${T}MA3C0001-1"
	# GB 11643: 18 digits, lowercase x, full width
	"11010519491231002X|ok${T}ric${T}11010519491231002X"
	"11010519491231002x|ok${T}ric${T}11010519491231002X"
	"１１０１０５１９４９１２３１００２ｘ|ok${T}ric${T}11010519491231002X"
	"370104198503151232|ok${T}ric${T}370104198503151232"
	# the 15-digit old form becomes 18 digits
	"370104850315123|ok${T}ric${T}370104198503151232"
	"110105491231002|ok${T}ric${T}11010519491231002X"
	# bad check character, impossible and future birth dates
	"370104198503151233|invalid${T}ric${T}ric_checksum"
	"110105491331002|invalid${T}ric${T}ric_birthdate"
	"110105209901010020|invalid${T}ric${T}ric_birthdate"
	# 1949-02-30 with a correct GB 11643 check character
	"110105194902300020|invalid${T}ric${T}ric_birthdate"
	# 17 digits: neither form of an ID number
	"11010519491231002|invalid${T}unknown${T}ric_format"
)

inputs=()
expected=""
for c in "${cases[@]}"; do
	inputs+=("${c%%|*}")
	expected+="${c%%|*}${T}${c#*|}"$'\n'
done
expected=${expected%$'\n'}

# Each code on its own: exact line, exit 0 exactly when valid.
for c in "${cases[@]}"; do
	in=${c%%|*}
	case "${c#*|}" in ok*) want=0 ;; *) want=1 ;; esac
	expect_exit "$want" xy id check "$in"
	expect_eq "$(cat "$OUT")" "${in}${T}${c#*|}" "id check '$in'"
done

# All at once as arguments: one line each, in order; exit 1 (some invalid).
expect_exit 1 xy id check "${inputs[@]}"
expect_eq "$(cat "$OUT")" "$expected" "id check with arguments"

# The same on stdin, with CRLF line ends: the same lines.
printf '%s\r\n' "${inputs[@]}" >codes.txt
expect_exit 1 xy id check <codes.txt
expect_eq "$(cat "$OUT")" "$expected" "id check on stdin"

# Only valid codes: exit 0, from arguments and stdin.
valid=(91370104MA3C00011C 12345678-8 370104850315123 11010519491231002x)
expect_exit 0 xy id check "${valid[@]}"
expect_lines "$OUT" 4
printf '%s\n' "${valid[@]}" | expect_exit 0 xy id check
expect_eq "$(cut -f2 "$OUT" | sort -u)" ok "stdin, all valid"
expect_lines "$OUT" 4

# A last line without a newline still counts.
printf '91370104MA3C00011C\n91110000123456788A' >last.txt
expect_exit 1 xy id check <last.txt
expect_eq "$(cat "$OUT")" "91370104MA3C00011C${T}ok${T}uscc${T}91370104MA3C00011C
91110000123456788A${T}invalid${T}uscc${T}uscc_checksum" "unterminated last line"

# --strict turns the inner organisation code warning into an error.
expect_exit 1 xy id check --strict 91370104MA3C000195
expect_eq "$(cat "$OUT")" \
	"91370104MA3C000195${T}invalid${T}uscc${T}orgcode_checksum" "--strict"
expect_exit 0 xy id check --strict 91370104MA3C00011C

# Garbage is invalid of unknown kind; a bad option is a usage error.
expect_exit 1 xy id check foo
expect_eq "$(cut -f1-3 "$OUT")" "foo${T}invalid${T}unknown" "garbage"
expect_exit '!0' xy id check --bogus 91370104MA3C00011C
expect_exit '!0' xy id frobnicate
