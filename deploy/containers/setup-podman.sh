#!/usr/bin/env bash
# Installs and configures a rootful podman (Debian's packages) so that this machine can build the
# project's images, run them, run `podman kube play`, and serve Testcontainers through podman's
# Docker-compatible API. Needs root (CI runs as root). Safe to run again: it only installs what is
# missing and restarts nothing that answers.
#
# Why each setting (machines of this kind: cgroup v1, no Docker engine, no reachable registry):
#   - runc with the cgroupfs manager: crun (podman's default) refuses cgroup v1 hybrid mounts;
#   - default ulimits below the hard limits: podman's defaults (1048576) make setrlimit fail;
#   - mmdebstrap: the JRE and PostgreSQL base images are made from Debian packages, not pulled;
#   - kubernetes-client: `kubectl kustomize` renders the manifests in deploy/kubernetes.
#   - curl: the check that podman's API answers (and play.sh's calls to the services).
# Prints the two variables the tests need; `eval "$(deploy/containers/setup-podman.sh)"` exports them
# (--quiet: prints nothing; the Maven build passes the socket to its tests itself).
# With CONTAINER_ENGINE=docker (a machine with a Docker engine) it only checks that docker answers.
set -euo pipefail
SOCK=${PODMAN_SOCK:-/run/podman/podman.sock}
quiet=0; [[ ${1:-} == --quiet ]] && quiet=1
if [[ ${CONTAINER_ENGINE:-podman} == docker ]]; then
  docker version >/dev/null || { echo "setup-podman: CONTAINER_ENGINE=docker but docker does not answer" >&2; exit 1; }
  exit 0
fi
need=()
for cmd in podman:podman runc:runc mmdebstrap:mmdebstrap kubectl:kubernetes-client curl:curl; do
  command -v "${cmd%%:*}" >/dev/null 2>&1 || need+=("${cmd#*:}")
done
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup-podman: ${need[*]} missing and this is not root; install them with apt-get (as root) first" >&2
    exit 1
  fi
  echo "setup-podman: installing ${need[*]} (Debian packages) ..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

limit() { # HARD WANT: WANT, or the hard limit when that is lower
  local hard=$1 want=$2
  if [[ $hard == unlimited || $hard -gt $want ]]; then echo "$want"; else echo "$hard"; fi
}
nofile=$(limit "$(ulimit -Hn)" 16384)
nproc=$(limit "$(ulimit -Hu)" 4096)
if [[ $(id -u) -eq 0 ]]; then
  # a drop-in of its own: an administrator's /etc/containers/containers.conf is left as it is
  dropin=/etc/containers/containers.conf.d/50-datasurface.conf
  mkdir -p "$(dirname "$dropin")"
  conf="# written by DataSurface/J's deploy/containers/setup-podman.sh
[containers]
default_ulimits = [\"nofile=${nofile}:${nofile}\", \"nproc=${nproc}:${nproc}\"]
[engine]
cgroup_manager = \"cgroupfs\"
runtime = \"runc\""
  [[ -f $dropin && "$(cat "$dropin")" == "$conf" ]] || printf '%s\n' "$conf" >"$dropin"
fi

ping() { curl -sf --max-time 2 --unix-socket "$SOCK" http://podman/_ping >/dev/null 2>&1; }
if ! ping; then
  mkdir -p "$(dirname "$SOCK")"
  nohup podman system service --time=0 "unix://$SOCK" >/tmp/podman-api.log 2>&1 &
  for _ in $(seq 100); do ping && break; sleep 0.2; done
fi
ping || { echo "setup-podman: podman's API did not answer on $SOCK; see /tmp/podman-api.log" >&2; exit 1; }

((quiet)) && exit 0
echo "export DOCKER_HOST=unix://$SOCK"
# Ryuk (Testcontainers' reaper) is an image that cannot be pulled here; the tests remove their own containers.
echo "export TESTCONTAINERS_RYUK_DISABLED=true"
