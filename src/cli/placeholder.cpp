namespace cornerstore::cli {}
