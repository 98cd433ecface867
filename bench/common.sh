# Helpers shared by the bench scripts that run their own Hangar server; source it after setting
# HANGAR_HOME (and HANGAR_URL once the server is up).

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { awk "BEGIN {printf \"%.2f\", $1/$2}"; }

# curl against the server as admin: api METHOD PATH [JSON]
api() {
  body=()
  [ $# -gt 2 ] && body=(-H 'Content-Type: application/json' -d "$3")
  curl -fsS -X "$1" -H "Authorization: Bearer $(cat "$HANGAR_HOME/admin-api-key")" "${body[@]}" "$HANGAR_URL$2"
}

# Waits until file $1 has a line matching the extended regular expression $2 while process $3 lives; prints the match.
await_line() {
  until match=$(grep -Eom1 "$2" "$1" 2>/dev/null); do
    kill -0 "$3" 2>/dev/null || { cat "$1" >&2; exit 1; }
    sleep 0.01
  done
  printf '%s\n' "${match%%$'\n'*}"
}
