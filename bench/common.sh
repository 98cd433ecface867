# Helpers shared by the bench scripts: most run their own Hangar server (source this after setting HANGAR_HOME,
# and HANGAR_URL once the server is up); the worker benchmarks build worker jars of earlier commits.

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

# Builds the worker jar of git commit $1 once into $TMPDIR/hangar-bench-worker-$1/ (from the repository in the current
# directory); prints the jar's path.
worker_jar_of() {
  local dir="${TMPDIR:-/tmp}/hangar-bench-worker-$1"
  if [[ ! -f "$dir/worker/target/hangar-worker.jar" ]]; then
    rm -rf "$dir" && mkdir -p "$dir"
    git archive "$1" | tar -x -C "$dir"
    (cd "$dir" && ./mvnw -B -q -ntp -pl formats,worker -am -DskipTests package >&2)
  fi
  echo "$dir/worker/target/hangar-worker.jar"
}

# For the worker benchmarks: JDK 25 or later as JAVA_HOME and $java, and this checkout's formats and worker built.
build_worker() {
  JAVA_HOME="$(./hangar java-home)"
  export JAVA_HOME
  java="$JAVA_HOME/bin/java"
  ./mvnw -B -q -ntp -pl formats,worker -am -DskipTests package
}
