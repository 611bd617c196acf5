#!/usr/bin/env bash
# The run behind the README's dashboard (docs/observability-dashboard.png):
# two instances of examples/observe sharing a real redis-server (sessions
# and the revocation feed), the WorkOS emulator as a program delivering its
# webhooks to instance B, sign-ins, refusals, guarded requests and
# sign-outs on both, and a directory user deleted at the emulator twice;
# the dashboard tool scrapes instance B 14 times, 5 s apart.
#
#	examples/observe/cmd/dashboard/fleet-run.sh docs/observability-dashboard.png
#
# Needs redis-server, curl and chromium. Ports: 6391 (Redis), 8091 (the
# emulator), 8081/8082 (the instances), 9481/9482 (their metrics).
set -u
root=$(cd "$(dirname "$0")/../../../.." && pwd)
out=$(realpath -m "${1:-dashboard.png}")
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; [ -f $work/redis.pid ] && kill "$(cat $work/redis.pid)"; rm -rf $work' EXIT
(cd "$root" && go build -o $work/emulator ./workostest/cmd/workos-emulator)
(cd "$root/examples/observe" && go build -o $work/observe . && go build -o $work/dashboard ./cmd/dashboard)
cd $work
redis-server --port 6391 --save "" --appendonly no --daemonize yes --pidfile $work/redis.pid --dir $work >/dev/null
EMU=http://127.0.0.1:8091 A=http://127.0.0.1:8081 B=http://127.0.0.1:8082
./emulator -addr 127.0.0.1:8091 -redirect-uri $A/auth/callback,$B/auth/callback -webhook-url $B/auth/webhooks -webhook-secret whsec_dashboard_demo -auto-select=true >emu.log 2>&1 &
sleep 1
common="WORKOS_CLIENT_ID=client_01EMULATOR0000000000000000 WORKOS_API_KEY=sk_test_emulator WORKOS_BASE_URL=$EMU WORKOS_COOKIE_PASSWORD=dashboard-demo-cookie-password-0123456789 WORKOS_WEBHOOK_SECRET=whsec_dashboard_demo REDIS_URL=redis://127.0.0.1:6391"
env $common WORKOS_REDIRECT_URI=$A/auth/callback ADDR=127.0.0.1:8081 METRICS_ADDR=127.0.0.1:9481 ./observe >a.log 2>&1 &
env $common WORKOS_REDIRECT_URI=$B/auth/callback ADDR=127.0.0.1:8082 METRICS_ADDR=127.0.0.1:9482 ./observe >b.log 2>&1 &
sleep 2
./dashboard -metrics http://127.0.0.1:9482/metrics -samples 14 -every 5s -out "$out" -title "workosauth · instance B of two" &
dash=$!
signin() { curl -s -o /dev/null -c $3 -b $3 -L "$1/auth/signin?email=$2&return_to=/api/me"; }
signout() { curl -s -o /dev/null -c $2 -b $2 -X POST -H "Origin: $1" "$1/auth/signout"; }
for i in $(seq 1 12); do
  for u in alice@acme.test bob@acme.test carol@globex.test; do
    signin $B $u jar.b.$u
    for k in $(seq 1 $((RANDOM % 8 + 3))); do curl -s -o /dev/null -b jar.b.$u $B/api/me; done
  done
  signin $A bob@acme.test jar.a
  for k in 1 2 3; do curl -s -o /dev/null -b jar.a $A/api/me; done
  signout $A jar.a # revoked on A, applied on B from the feed
  [ $((i % 2)) = 0 ] && signout $B jar.b.alice@acme.test
  [ $((i % 3)) = 0 ] && signout $B jar.b.bob@acme.test
  curl -s -o /dev/null "$B/auth/signin?email=zoe@nosso.test"      # no SSO for the domain
  curl -s -o /dev/null "$B/auth/callback?state=forged&code=forged" # a callback without its flow
  for k in $(seq 1 $((RANDOM % 4 + 1))); do curl -s -o /dev/null -H 'Accept: application/json' $B/api/me; done # anonymous: 401
  case $i in
  4) who=carol@globex.test ;;
  8) who=bob@acme.test ;;
  *) who= ;;
  esac
  [ -n "$who" ] && curl -s -o /dev/null -X POST -H 'Authorization: Bearer sk_test_emulator' -H 'Content-Type: application/json' -d "{\"user\":\"$who\"}" $EMU/_emulator/directory_users/delete
  sleep 4
done
wait $dash
