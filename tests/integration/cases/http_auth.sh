# shellcheck shell=bash
# The authorisation matrix: every route of the routing table × every
# role (and no credentials) → the expected 2xx, 401 or 403; then browser
# sessions (HttpOnly cookie, CSRF token on unsafe methods, logout) and
# revoked keys.
source "$XY_SOURCE_DIR/tests/integration/http_lib.sh"

DB=$(init_db main)
dept=113701040042045104
declare -A key
key[admin]=$(make_token ada admin)
key[reporter]=$(make_token rita reporter "$dept")
key[checker]=$(make_token carl checker "$dept")
key[auditor]=$(make_token audra auditor)
key[bank]=$(make_token bea bank 91370104MA3C0002X4)
start_server "$DB" --rate 0

python3 - "$dept" <<'PY'
import csv, json, sys
r = {"CF_WSH": "槐市监罚〔2021〕501号", "CF_JDRQ": "2021-06-20",
     "CF_XDR_LB": "法人及非法人组织", "CF_XDR_MC": "济南槐荫宏达商贸有限公司",
     "CF_XDR_SHXYM": "91370104MA3C00011C", "CF_FRDB": "张伟",
     "CF_FR_ZJLX": "身份证", "CF_FR_ZJHM": "370104198503151232",
     "CF_CFLB": "警告", "CF_WFXW": "违法", "CF_SY": "经查", "CF_YJ": "依据",
     "CF_NR": "警告", "CF_YXQ": "2022-06-19", "CF_CFJG": "济南市槐荫区市场监督管理局",
     "CF_CFJGDM": sys.argv[1], "CF_SJLY": "济南市槐荫区市场监督管理局",
     "CF_SJLYDM": sys.argv[1]}
json.dump(r, open("rec.json", "w"), ensure_ascii=False)
with open("rec.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(list(r))
    w.writerow([v.replace("501", "502") for v in r.values()])
PY
api POST /api/v1/records/xzcf -H "Authorization: Bearer ${key[admin]}" \
	-H "Content-Type: application/json" --data-binary @rec.json
expect_status 200
api GET /api/v1/records -H "Authorization: Bearer ${key[admin]}"
id=$(json_get "$OUT" records.0.id)

# route | public admin reporter checker auditor bank | request
matrix="
GET /api/v1/subjects/{code}|401 200 403 200 403 403|GET /api/v1/subjects/91370104MA3C00011C
GET /healthz|200 200 200 200 200 200|GET /healthz
GET /api/v1/subjects|401 200 403 200 403 403|GET /api/v1/subjects?q=x
GET /api/v1/records/{id}|401 200 200 200 403 403|GET /api/v1/records/$id
GET /api/v1/records|401 200 200 200 403 403|GET /api/v1/records
POST /api/v1/records/{catalog}|401 200 200 403 403 403|POST /api/v1/records/xzcf json
POST /api/v1/imports|401 200 200 403 403 403|POST /api/v1/imports?catalog=xzcf csv
GET /api/v1/catalog|401 200 200 200 200 200|GET /api/v1/catalog
GET /api/v1/stats|401 200 200 200 200 403|GET /api/v1/stats
GET /api/v1/audit|401 200 403 403 200 403|GET /api/v1/audit?subject=91370104MA3C00011C
POST /api/v1/session|200 200 200 200 200 200|POST /api/v1/session login
DELETE /api/v1/session|401 200 200 200 200 200|DELETE /api/v1/session
GET /api/v1/openapi.json|200 200 200 200 200 200|GET /api/v1/openapi.json
GET /metrics|401 200 403 403 403 403|GET /metrics
"
roles=(public admin reporter checker auditor bank)
printf '{"name": "carl", "password": "correct horse battery"}' >login.json

# the matrix covers the routing table, no more, no less
xy serve --routes | sort >routes.txt
printf '%s\n' "$matrix" | sed '/^$/d' | cut -d'|' -f1 | sort >matrix.txt
expect_eq "$(cat matrix.txt)" "$(cat routes.txt)" "matrix rows = routes"

failures=""
while IFS='|' read -r route want request; do
	[ -n "$route" ] || continue
	read -r -a wants <<<"$want"
	read -r method path body <<<"$request"
	for i in "${!roles[@]}"; do
		role=${roles[$i]}
		args=(-X "$method")
		[ "$role" = public ] ||
			args+=(-H "Authorization: Bearer ${key[$role]}")
		case "$body" in
		json) args+=(-H "Content-Type: application/json"
			--data-binary @rec.json) ;;
		csv) args+=(-H "Content-Type: text/csv" --data-binary @rec.csv) ;;
		login) args+=(-H "Content-Type: application/json"
			--data-binary @login.json) ;;
		esac
		got=$(curl -s -o "ans.json" -w '%{http_code}' "${args[@]}" \
			"$XY_URL$path")
		if [ "$got" != "${wants[$i]}" ]; then
			failures+="$route as $role: $got, expected ${wants[$i]}; "
		elif [ "$got" -ge 400 ]; then
			# every refusal is a problem with the right code
			case "$got" in
			401) c=unauthenticated ;;
			403) c=forbidden ;;
			501) c=not_implemented ;;
			esac
			[ "$(json_get ans.json code)" = "$c" ] ||
				failures+="$route as $role: code $(json_get ans.json code); "
		fi
	done
done <<<"$matrix"
[ -z "$failures" ] || xy_fail "$failures"

# --- browser sessions: cookie, CSRF token on unsafe methods, logout
api POST /api/v1/session -H "Content-Type: application/json" \
	--data-binary '{"name": "rita", "password": "correct horse battery"}'
expect_status 200
cookie=$(sed -n 's/^set-cookie: \(xy_session=[^;]*\).*/\1/p' "$XY_TMP/.hdr" |
	tr -d '\r')
expect_contains "$XY_TMP/.hdr" "; HttpOnly; SameSite=Strict; Path=/"
csrf=$(json_get "$OUT" csrf)
expect_eq "$(json_get "$OUT" role)" reporter "login role"
expect_not_contains "$OUT" "${cookie#xy_session=}"
api GET /api/v1/catalog -H "Cookie: $cookie"
expect_status 200
api POST /api/v1/records/xzcf -H "Cookie: $cookie" \
	-H "Content-Type: application/json" --data-binary @rec.json
expect_problem forbidden 403
api POST /api/v1/records/xzcf -H "Cookie: $cookie" -H "X-CSRF-Token: nope" \
	-H "Content-Type: application/json" --data-binary @rec.json
expect_problem forbidden 403
api POST /api/v1/records/xzcf -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
	-H "Content-Type: application/json" --data-binary @rec.json
expect_status 200
api GET /metrics -H "Cookie: $cookie"
expect_problem forbidden 403
api DELETE /api/v1/session -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf"
expect_status 200
expect_contains "$XY_TMP/.hdr" "set-cookie: xy_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"
api GET /api/v1/catalog -H "Cookie: $cookie"
expect_problem unauthenticated 401
api POST /api/v1/session -H "Content-Type: application/json" \
	--data-binary '{"name": "rita", "password": "wrong horse battery"}'
expect_problem unauthenticated 401
api POST /api/v1/session -H "Content-Type: application/json" \
	--data-binary '{"name": "nobody", "password": "wrong horse battery"}'
expect_problem unauthenticated 401
expect_eq "$(json_get "$OUT" detail)" "wrong name or password" "same answer"
api POST /api/v1/session -H "Content-Type: application/json" \
	--data-binary '{"name": "rita"}'
expect_problem invalid 400

# --- a revoked key is refused at once
expect_exit 0 xy token create rita --db "$DB"
k2=$(cat "$OUT")
tid=$(sed -n 's/^API key \([0-9]*\) .*/\1/p' "$ERR")
api GET /api/v1/catalog -H "Authorization: Bearer $k2"
expect_status 200
expect_exit 0 xy token revoke "$tid" --db "$DB"
api GET /api/v1/catalog -H "Authorization: Bearer $k2"
expect_problem unauthenticated 401

# every write and login is in the audit trail, and the chain holds
expect_exit 0 xy audit verify --db "$DB"

stop_server
