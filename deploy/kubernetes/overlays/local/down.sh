#!/usr/bin/env bash
# Stops what play.sh started: podman kube down on the file it played. With --purge, also removes the
# volumes (Kafka's and PostgreSQL's data, the model versions), the network and /var/lib/datasurface-local.
set -euo pipefail
LOCAL=/var/lib/datasurface-local
NETWORK=datasurface-local
purge=0
case ${1:-} in
  --purge) purge=1 ;;
  "") ;;
  *) echo "down: unknown option '$1' (use --purge or nothing)" >&2; exit 2 ;;
esac
[[ -f $LOCAL/play.yaml ]] || { echo "down: $LOCAL/play.yaml is missing: nothing was played" >&2; exit 1; }
# kube down fails when a pod is gone already, and podman 4.3.1 complains of healthcheck timers it never made
# without systemd: what counts is that no pod of the file is left
podman kube down "$LOCAL/play.yaml" >"$LOCAL/down.log" 2>&1 || true
pods=$(awk '/^kind: / { kind = $2 } /^---$/ { kind = "" }
            /^  name: / && kind == "Pod" { print $2; kind = "" }
            /^  name: / && kind == "Deployment" { print $2 "-pod-0"; kind = "" }' "$LOCAL/play.yaml")
for pod in $pods; do
  if podman pod exists "$pod"; then
    cat "$LOCAL/down.log" >&2
    echo "down: the pod $pod is still there (podman kube down said the above)" >&2
    exit 1
  fi
done
echo "down: no pod of $LOCAL/play.yaml is left" >&2
if ((purge)); then
  for volume in $(awk '/^kind: PersistentVolumeClaim$/ { pvc = 1 } /^---$/ { pvc = 0 }
                       pvc && /^  name: / { print $2; pvc = 0 }' "$LOCAL/rendered.yaml"); do
    podman volume rm -f "$volume" >/dev/null 2>&1 || true
  done
  podman network exists "$NETWORK" && podman network rm "$NETWORK" >/dev/null
  rm -rf "$LOCAL"
  echo "down: removed the volumes, the network $NETWORK and $LOCAL" >&2
fi
