"""python -m ratchet sync [--dir DIR] [--target HOST:PORT]: send the runs journaled offline to tracking."""
import argparse
import os
import sys

from ratchet import offline
from ratchet._tracking import Tracking


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ratchet")
    commands = parser.add_subparsers(dest="command", required=True)
    sync = commands.add_parser("sync", help="send the runs journaled while tracking was unreachable")
    sync.add_argument("--dir", default=offline.default_directory(), help="the journals (RATCHET_OFFLINE_DIR)")
    sync.add_argument("--target", default=os.environ.get("RATCHET_TRACKING_TARGET", "127.0.0.1:9101"),
                      help="tracking's gRPC address (RATCHET_TRACKING_TARGET)")
    args = parser.parse_args(argv)
    runs = offline.pending(args.dir)
    if not runs:
        print(f"nothing to sync in {args.dir}")
        return 0
    tracking = Tracking(args.target)  # no offline directory: a sync that cannot reach tracking fails, loudly
    try:
        synced = offline.sync(tracking, args.dir)
    finally:
        tracking.close()
    print(f"{len(synced)} run(s) synced to {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
