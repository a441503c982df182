#!/usr/bin/env bash
# Checks the Kubernetes manifests (k8s/) against a real Kubernetes API server: builds etcd, kube-apiserver and
# kubectl from their Go modules (once; cached in the tools cache), starts them on loopback, installs the Istio and
# KEDA CRDs from their Go modules, and server-side dry-run applies every overlay with strict field validation,
# Pod Security "restricted" enforced, and warnings counted as errors. A manifest with a mistyped field is applied
# too and must be refused, so the check cannot pass by accepting anything.
set -euo pipefail
source "$(dirname "$0")/../services/common.sh"
KUBERNETES_VERSION=v1.37.2
ISTIO_API_VERSION=v1.32.0
KEDA_VERSION=v2.21.1

module="$ROOT/scripts/checks/kubernetes"
# Cached by the content of the Go module, so a fresh clone reuses the binaries an earlier run built.
bin="$TOOLS/kubernetes-$KUBERNETES_VERSION-$(cat "$module/go.mod" "$module/go.sum" "$module"/cmd/*/main.go | sha256sum | cut -c1-12)"
if [ ! -x "$bin/kube-apiserver" ] || [ ! -x "$bin/etcd" ] || [ ! -x "$bin/kubectl" ]; then
  echo "building etcd, kube-apiserver and kubectl $KUBERNETES_VERSION (first time: several minutes)"
  mkdir -p "$bin"
  (cd "$module" && go build -trimpath -ldflags=-s -o "$bin/" ./cmd/...)
fi

crds="$TOOLS/crds-istio-$ISTIO_API_VERSION-keda-$KEDA_VERSION.yaml"
if [ ! -s "$crds" ]; then
  proxy="$(go env GOPROXY | tr ',' '\n' | grep -m1 '^http')"
  tmp="$(mktemp -d)"
  curl -fsSL -o "$tmp/istio.zip" "$proxy/istio.io/api/@v/$ISTIO_API_VERSION.zip"
  curl -fsSL -o "$tmp/keda.zip" "$proxy/github.com/kedacore/keda/v2/@v/$KEDA_VERSION.zip"
  {
    unzip -p "$tmp/istio.zip" "istio.io/api@$ISTIO_API_VERSION/kubernetes/customresourcedefinitions.gen.yaml"
    for kind in scaledobjects triggerauthentications; do
      echo '---'
      unzip -p "$tmp/keda.zip" "github.com/kedacore/keda/v2@$KEDA_VERSION/config/crd/bases/keda.sh_$kind.yaml"
    done
  } > "$crds.part"
  mv "$crds.part" "$crds"
  rm -rf "$tmp"
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })'; }
etcd_port="$(free_port)"; peer_port="$(free_port)"; api_port="$(free_port)"

"$bin/etcd" --data-dir "$work/etcd" --listen-client-urls "http://127.0.0.1:$etcd_port" \
  --advertise-client-urls "http://127.0.0.1:$etcd_port" --listen-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" --initial-cluster "default=http://127.0.0.1:$peer_port" \
  --log-level error > "$work/etcd.log" 2>&1 &
pids+=($!)
disown

# The service-account signing key the API server insists on, and a token for kubectl.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/sa.key" 2>/dev/null
token="$(openssl rand -hex 16)"
echo "$token,checker,checker,system:masters" > "$work/tokens.csv"
"$bin/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" --bind-address 127.0.0.1 \
  --secure-port "$api_port" --cert-dir "$work/certs" --token-auth-file "$work/tokens.csv" \
  --authorization-mode RBAC --service-account-issuer https://kubernetes.default.svc \
  --service-account-key-file "$work/sa.key" --service-account-signing-key-file "$work/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 > "$work/apiserver.log" 2>&1 &
pids+=($!)
disown

kubectl() {
  "$bin/kubectl" --server "https://127.0.0.1:$api_port" --token "$token" --insecure-skip-tls-verify "$@"
}
for _ in $(seq 1 120); do
  if kubectl get --raw /readyz >/dev/null 2>&1; then break; fi
  if ! kill -0 "${pids[1]}" 2>/dev/null; then tail -30 "$work/apiserver.log" >&2; exit 1; fi
  sleep 1
done
kubectl get --raw /readyz >/dev/null || { tail -30 "$work/apiserver.log" >&2; exit 1; }
echo "kube-apiserver $KUBERNETES_VERSION up on 127.0.0.1:$api_port"

kubectl apply --server-side -f "$crds" >/dev/null
kubectl wait --for condition=established --timeout=60s crd --all >/dev/null

cd "$ROOT/k8s"
for overlay in overlays/*/; do
  overlay="${overlay%/}"
  kubectl kustomize "$overlay" > "$work/manifest.yaml"
  # A dry run does not create the namespaces its other objects need, so those are created for real first.
  awk 'BEGIN { RS = "\n---\n" } /(^|\n)kind: Namespace(\n|$)/ { print "---"; print }' "$work/manifest.yaml" \
    | kubectl apply --server-side -f - >/dev/null
  kubectl apply --server-side --dry-run=server --validate=strict --warnings-as-errors -f "$work/manifest.yaml" > "$work/applied.txt"
  echo "$overlay: $(wc -l < "$work/applied.txt") objects accepted"
done

# The check must be able to fail: a mistyped field in a VirtualService is refused.
sed 's/retryOn:/retryOnn:/' base/istio/virtual-service.yaml > "$work/broken.yaml"
if kubectl apply --server-side --dry-run=server --validate=strict -n learning-atomizer -f "$work/broken.yaml" > "$work/broken.txt" 2>&1; then
  echo "a VirtualService with an unknown field was accepted: the check proves nothing" >&2
  exit 1
fi
grep -q 'retryOnn' "$work/broken.txt" || { cat "$work/broken.txt" >&2; echo "refused, but not for the mistyped field" >&2; exit 1; }
echo "a mistyped field is refused: $(grep -o '[^:]*retryOnn[^,]*' "$work/broken.txt" | head -1)"
