#!/usr/bin/env bash
# Builds DataSurface/J's container images with podman (no Docker daemon needed; CONTAINER_ENGINE=docker uses docker):
#   localhost/datasurface/{model,ingest,merge,view}-service   the four services, from their Quarkus fast-jars
#   localhost/datasurface/kafka, localhost/datasurface/postgres   local infrastructure for `podman kube play`
#                                                             and the tests (production uses operators)
# each tagged with the project version and the git commit (e.g. :0.1.0-SNAPSHOT and :git-1a2b3c4d5e6f).
#
# Usage: build-images.sh [--base IMAGE] [--no-infra] [--rebuild-base]
#   --base IMAGE    the base of the service and Kafka images: any image with Java 17 on PATH and /bin/sh, e.g.
#                   docker.io/library/eclipse-temurin:17-jre where a registry can be reached. Without it, a
#                   Debian bookworm JRE base is made from Debian's packages with mmdebstrap (once; kept in
#                   podman's storage as localhost/datasurface/jre-base:17 and reused after).
#   --no-infra      only the four service images
#   --rebuild-base  make the local Debian base images again (to take Debian's security updates)
# Needs the services built first (./mvnw -B -DskipTests package, or `./datasurface images`, which does that).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/deploy/containers"
base="" infra=1 rebuild=0
while (($#)); do
  case $1 in
    --base) base=${2:?--base needs an image name}; shift 2 ;;
    --no-infra) infra=0; shift ;;
    --rebuild-base) rebuild=1; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-images: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf 'build-images: %s\n' "$*" >&2; }
engine=${CONTAINER_ENGINE:-podman}   # or docker, where a Docker engine runs
setup="run deploy/containers/setup-podman.sh (as root) first"
command -v "$engine" >/dev/null || { say "$engine is not installed; $setup"; exit 1; }
tmp=""
trap 'rm -f "$tmp"' EXIT   # a root filesystem tarball left by a failed step (a few hundred MB)

version=$(sed -n '/<artifactId>datasurface-parent<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' \
  "$ROOT/pom.xml" | head -n 1)
revision=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
[[ -n $version ]] || { say "could not read the project version from $ROOT/pom.xml"; exit 1; }

# A Debian bookworm root filesystem with these packages, imported as IMAGE (skipped when it exists).
debian_base() {
  local image=$1 packages=$2
  if ((rebuild == 0)) && "$engine" image inspect "$image" >/dev/null 2>&1; then return; fi
  command -v mmdebstrap >/dev/null || { say "mmdebstrap is not installed; $setup"; exit 1; }
  tmp=$(mktemp --suffix=.tar)
  say "making $image from Debian's packages ($packages); takes about a minute ..."
  # no mirror named: mmdebstrap uses this machine's own apt sources
  mmdebstrap --quiet --variant=apt --include="$packages" --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' bookworm "$tmp" >&2 \
    || { say "mmdebstrap failed (output above)"; exit 1; }
  "$engine" import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' "$tmp" "$image" >/dev/null
  rm -f "$tmp"
}

build() { # NAME TAG CONTAINERFILE CONTEXT [build args...]
  local name=$1 tag=$2 file=$3 context=$4; shift 4
  say "building localhost/datasurface/$name:$tag (git-$revision) ..."
  "$engine" build --quiet -f "$file" -t "localhost/datasurface/$name:$tag" \
    -t "localhost/datasurface/$name:git-$revision" --build-arg "VERSION=$tag" --build-arg "REVISION=$revision" \
    "$@" "$context" >/dev/null
}

services=(model-service:8081 ingest-service:8082 merge-service:8083 view-service:8084)
for s in "${services[@]}"; do
  app="$ROOT/${s%%:*}/app/target/quarkus-app"
  [[ -f $app/quarkus-run.jar ]] \
    || { say "$app is missing: build the services first (./datasurface images does)"; exit 1; }
done
if ((infra)) && [[ ! -d $HERE/target/kafka/libs ]]; then
  say "$HERE/target/kafka/libs is missing: ./datasurface images makes it (or ./mvnw -pl deploy/containers package)"
  exit 1
fi

if [[ -z $base ]]; then
  base=localhost/datasurface/jre-base:17
  debian_base "$base" openjdk-17-jre-headless,ca-certificates
fi
for s in "${services[@]}"; do
  name=${s%%:*}
  build "$name" "$version" "$HERE/service.Containerfile" "$ROOT/$name/app/target/quarkus-app" \
    --build-arg "BASE_IMAGE=$base" --build-arg "SERVICE=$name" --build-arg "PORT=${s##*:}"
done
if ((infra)); then
  cp "$HERE/kafka/kafka-start.sh" "$HERE/kafka/log4j2.properties" "$HERE/target/kafka/"
  kafka=$(basename "$(ls "$HERE"/target/kafka/libs/kafka_2.13-*.jar | head -n 1)" .jar)
  kafka=${kafka#kafka_2.13-}
  build kafka "$kafka" "$HERE/kafka/Containerfile" "$HERE/target/kafka" --build-arg "BASE_IMAGE=$base"
  debian_base localhost/datasurface/postgres-base:15 postgresql-15
  build postgres 15 "$HERE/postgres/Containerfile" "$HERE/postgres" \
    --build-arg "BASE_IMAGE=localhost/datasurface/postgres-base:15"
fi
built=$("$engine" images --filter "reference=localhost/datasurface/*:git-$revision" --format '{{.Repository}}' \
  | sort -u | tr '\n' ' ')
say "done: $built(tags $version and git-$revision; kafka and postgres also by their own versions)"
