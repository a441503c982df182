// A MongoDB-wire-protocol server for development and tests: FerretDB v1 embedded as a library, storing
// its data in PostgreSQL (or, with no -postgresql-url, in SQLite files). (The module's own command needs
// build-time version files the module proxy does not ship, so it is built here instead.)
package main

import (
	"context"
	"flag"
	"log"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	postgresqlURL := flag.String("postgresql-url", "", "PostgreSQL database to store in, for example postgres://user@127.0.0.1:5432/postgres")
	dir := flag.String("dir", "./ferretdb-data/", "without -postgresql-url: folder of the SQLite files (must end with /)")
	flag.Parse()

	config := &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: *listen}, Handler: "sqlite", SQLiteURL: "file:" + *dir}
	if *postgresqlURL != "" {
		// PostgreSQL lets FerretDB answer filters and sorts from the database instead of scanning every
		// document of a collection, which the SQLite handler does for anything but _id.
		config = &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: *listen}, Handler: "postgresql", PostgreSQLURL: *postgresqlURL}
	}
	server, err := ferretdb.New(config)
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	server.Run(ctx)
}
