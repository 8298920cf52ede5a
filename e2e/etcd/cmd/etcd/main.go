// Command etcd is upstream's etcd server main (go.etcd.io/etcd/server/v3/etcdmain),
// built from the version pinned in ../../go.mod (see e2e/scripts/build-binaries.sh).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
