# Shared by run-peer-test.sh and run-client-test.sh, sourced once `binary` and `work` are set:
# picks a loopback port nobody listens on, writes a cornerstore config for it under $work, and
# defines `port`, `base`, `config` and `cs` (the binary with that config).

# cpp-httplib sets SO_REUSEPORT: never share a port.
free_port() {
  node -e '
    const s = require("net").createServer();
    s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}
port=$(free_port)
if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
  echo "port $port is already in use" >&2
  exit 1
fi
base="http://127.0.0.1:$port"

config="$work/cornerstore.toml"
cat >"$config" <<CONF
[server]
listen_address = "127.0.0.1"
port = $port

[instance]
domain = "localhost"
base_url = "$base"

[storage]
data_dir = "$work/data"

[log]
level = "debug"

[unsafe]
# The peers run on loopback addresses over plain http: both must be reachable.
allow_private_addresses = true
CONF
cs() { "$binary" --config "$config" "$@"; }
