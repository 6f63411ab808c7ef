# workerd configuration of the edge test (tests/edge/edge.test.mjs): one worker serving the
# package built by scripts/build-wasm.sh. The test picks the port with
# `--socket-addr http=127.0.0.1:PORT`.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "pkg/index.js", esModule = embed "../../bindings/wasm/pkg-test/index.js"),
    (name = "pkg/userstore_wasm.js", esModule = embed "../../bindings/wasm/pkg-test/userstore_wasm.js"),
    (name = "pkg/error.js", esModule = embed "../../bindings/wasm/pkg-test/error.js"),
    (name = "pkg/methods.js", esModule = embed "../../bindings/wasm/pkg-test/methods.js"),
    (name = "pkg/userstore_wasm_bg.wasm", wasm = embed "../../bindings/wasm/pkg-test/userstore_wasm_bg.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
