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
podman kube down "$LOCAL/play.yaml" >/dev/null
echo "down: stopped and removed the pods" >&2
if ((purge)); then
  for volume in $(awk '/^kind: PersistentVolumeClaim$/ { pvc = 1 } /^---$/ { pvc = 0 }
                       pvc && /^  name: / { print $2; pvc = 0 }' "$LOCAL/rendered.yaml"); do
    podman volume rm -f "$volume" >/dev/null 2>&1 || true
  done
  podman network exists "$NETWORK" && podman network rm "$NETWORK" >/dev/null
  rm -rf "$LOCAL"
  echo "down: removed the volumes, the network $NETWORK and $LOCAL" >&2
fi
