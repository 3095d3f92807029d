"""`ray start`, kept on the loopback address, for the test cluster in test_ray.py.

Ray turns 127.0.0.1 in `--address` into the machine's outward address (it assumes other
machines must reach it); the test cluster must only ever talk over loopback.
"""

import sys

from ray._private import services

services.resolve_ip_for_localhost = lambda host: host

from ray.scripts.scripts import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
