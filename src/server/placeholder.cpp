// placeholder: replaced by the HTTP server wrapper
namespace cornerstore::server {}
