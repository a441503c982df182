// A MongoDB-wire-protocol server for development and tests: FerretDB v1 embedded as a library, storing
// its data in SQLite files. (The module's own command needs build-time version files the module proxy
// does not ship, so it is built here instead.)
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
	dir := flag.String("dir", "./ferretdb-data/", "folder of the SQLite files (must end with /)")
	flag.Parse()

	server, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dir,
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	server.Run(ctx)
}
