#!/usr/bin/env bash
# Runs DataSurface/J on this machine with `podman kube play`: the local overlay (the four services, one Kafka
# broker, PostgreSQL 15) rendered with `kubectl kustomize`, the example model (docs/examples/mvp) deployed
# through the model-service's POST /deployments, its source database crm made and seeded.
#
#   deploy/kubernetes/overlays/local/play.sh        (as root; podman 4.3.1 or later, rootful)
#   deploy/kubernetes/overlays/local/down.sh [--purge]
#
# Needs the images localhost/datasurface/{model,ingest,merge,view}-service:0.1.0-SNAPSHOT, kafka:4.2.1 and
# postgres:15 (deploy/containers/build-images.sh) and kubectl (deploy/containers/setup-podman.sh).
#
# What it does, in order:
#   1. /var/lib/datasurface-local: generated secrets (24 random bytes each, kept across runs, never printed),
#      files of the services' user 1001 (postgres': 100), 0600 in 0700 folders; the example model, its
#      addresses pointed at the pod postgres; the credential store (crm_reader, merge_rw: the superuser's login)
#   2. renders the overlay, then the one step podman needs: podman 4.3.1's kube play skips StatefulSets
#      (and Services, Secrets, NetworkPolicies, Ingresses) without a word, so each StatefulSet is played as a
#      Deployment of one pod (its pod is <name>-pod-0, the instance name the service gets from metadata.name),
#      and the kinds kube play does not run are left out. Volumes that exist already are kept, not made again.
#   3. plays it on the podman network datasurface-local, where the pods reach each other by pod name
#      (kafka, postgres); the services' ports are published on 127.0.0.1:8081-8084
#   4. makes the database crm (source.sql) and seeds it, deploys the model, and says where everything is
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
LOCAL=/var/lib/datasurface-local
NETWORK=datasurface-local
VERSION=0.1.0-SNAPSHOT
say() { printf 'play: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[[ $(id -u) -eq 0 ]] \
  || die "run as root: podman runs rootful here, and the secret files are given to the services' users"
command -v podman >/dev/null || die "podman is not installed: run deploy/containers/setup-podman.sh (as root)"
command -v kubectl >/dev/null || die "kubectl is not installed: run deploy/containers/setup-podman.sh (as root)"
for image in model-service:$VERSION ingest-service:$VERSION merge-service:$VERSION view-service:$VERSION \
    kafka:4.2.1 postgres:15; do
  podman image exists "localhost/datasurface/$image" \
    || die "image localhost/datasurface/$image is missing: build the images with deploy/containers/build-images.sh"
done

# 1. files the pods mount
random() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
kept() { [[ -s $1 ]] && cat "$1" || random; } # FILE: the value it holds, or a new one
put() { # OWNER DIR FILE TEXT: FILE in DIR, 0600, in a 0700 folder, both the owner's
  install -d -m 0700 -o "${1%:*}" -g "${1#*:}" "$LOCAL/secrets/$2"
  local f="$LOCAL/secrets/$2/$3"
  (umask 077; printf '%s' "$4" >"$f.new") && mv -f "$f.new" "$f" && chown "$1" "$f" && chmod 0600 "$f"
}
install -d -m 0755 "$LOCAL" "$LOCAL/secrets"
pg_password=$(kept "$LOCAL/secrets/postgres/password")
admin_token=$(kept "$LOCAL/secrets/admin/token")
webhook_secret=$(sed -n 's/^datasurface.model-service.webhook-secret=//p' \
  "$LOCAL/secrets/webhook/webhook.properties" 2>/dev/null || true)
[[ -n $webhook_secret ]] || webhook_secret=$(random)
put 100:102 postgres password "$pg_password"
put 1001:0 admin token "$admin_token"
put 1001:0 webhook webhook.properties "datasurface.model-service.webhook-secret=$webhook_secret"$'\n'
put 1001:0 merge-store datasource.properties \
  "quarkus.datasource.username=postgres"$'\n'"quarkus.datasource.password=$pg_password"$'\n'
for credential in crm_reader merge_rw; do
  put 1001:0 "credentials/$credential" user postgres
  put 1001:0 "credentials/$credential" password "$pg_password"
done
chown 1001:0 "$LOCAL/secrets/credentials" && chmod 0700 "$LOCAL/secrets/credentials"
# the example, its databases at the pod postgres (as `datasurface up` points them at its own server)
rm -rf "$LOCAL/model" && cp -R "$ROOT/docs/examples/mvp" "$LOCAL/model"
sed -i -e 's/host: localhost/host: postgres/' -e 's/hosts: \[localhost, 127.0.0.1\]/hosts: [postgres]/' \
  "$LOCAL/model/ecosystem.yaml"
sed -i 's/host: localhost/host: postgres/' "$LOCAL/model/zones/retail/teams/crm/customers.yaml"
chmod -R a+rX "$LOCAL/model"

# 2. the overlay, as podman 4.3.1 plays it
kubectl kustomize "$HERE" >"$LOCAL/rendered.yaml"
existing=$(podman volume ls --format '{{.Name}}' | tr '\n' ' ')
awk -v existing=" $existing " '
  function flush() {
    if (doc != "" && kind ~ /^(Pod|Deployment|StatefulSet|PersistentVolumeClaim|ConfigMap)$/ \
        && !(kind == "PersistentVolumeClaim" && index(existing, " " name " "))) {
      printf "%s%s", (n++ ? "---\n" : ""), doc
    }
    doc = ""; kind = ""; name = ""
  }
  /^---$/ { flush(); next }
  /^kind: StatefulSet$/ { kind = "StatefulSet"; doc = doc "kind: Deployment\n"; next }
  /^  (serviceName|podManagementPolicy): / && kind == "StatefulSet" { next }
  /^kind: / { kind = $2 }
  /^  name: / && name == "" && inmeta { name = $2 }
  /^metadata:$/ { inmeta = 1 } /^[a-z]/ && !/^metadata:$/ { inmeta = 0 }
  { doc = doc $0 "\n" }
  END { flush() }
' "$LOCAL/rendered.yaml" >"$LOCAL/play.yaml"

# 3. play
podman network exists "$NETWORK" || podman network create "$NETWORK" >/dev/null
say "playing $LOCAL/play.yaml on the podman network $NETWORK ..."
podman kube play --replace --network "$NETWORK" "$LOCAL/play.yaml" >"$LOCAL/play.log" 2>&1 \
  || { cat "$LOCAL/play.log" >&2; die "podman kube play failed (above)"; }

# 4. the example's source, then the model
wait_for() { # WHAT SECONDS COMMAND...
  local what=$1 seconds=$2; shift 2
  for ((i = 0; i < seconds; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  die "waited $seconds s for $what; see: podman logs <container> (podman ps -a)"
}
psql() { podman exec -i postgres-postgres psql -v ON_ERROR_STOP=1 -q -U postgres "$@"; }
wait_for "PostgreSQL" 120 podman exec postgres-postgres pg_isready -q -h /var/run/postgresql
if [[ -z $(psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'crm'") ]]; then
  psql -c 'CREATE DATABASE crm'
  psql -d crm <"$ROOT/docs/examples/mvp/source.sql"
  say "made the example's source database crm"
fi
psql -d crm <"$HERE/seed.sql"
wait_for "the model-service (http://127.0.0.1:8081/q/health/ready)" 240 \
  curl -sf -o /dev/null http://127.0.0.1:8081/q/health/ready
header=$(mktemp) && trap 'rm -f "$header"' EXIT
(umask 077; printf 'Authorization: Bearer %s\n' "$webhook_secret" >"$header")  # not on curl's command line
say "deploying the example model through the model-service ..."
answer=$(curl -sS -X POST 'http://127.0.0.1:8081/deployments?wait=true' -H @"$header" \
  -H 'Content-Type: application/json' -d '{"path": "/var/lib/datasurface/example-model"}')
[[ $answer == *'"status":"DEPLOYED"'* ]] || die "the model was not deployed: $answer"
say "deployed: $answer"
cat >&2 <<TEXT
play: running. The example's streams run every minute (cron); then its views fill.
  model-service   http://127.0.0.1:8081   (GET /streams, /catalog; /q/health, /q/metrics)
  ingest-service  http://127.0.0.1:8082   (admin token: $LOCAL/secrets/admin/token)
  merge-service   http://127.0.0.1:8083   view-service http://127.0.0.1:8084
  merge store     podman exec -it postgres-postgres psql -U postgres -d datasurface
  logs            podman logs -f <pod>-<container>, e.g. model-service-pod-0-model-service
  stop            $HERE/down.sh  (--purge also removes the volumes and $LOCAL)
TEXT
