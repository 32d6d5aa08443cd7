"""DiffSync side of the Plumbline diff benchmark.

Loads the same record files (docs/record-format.md) into two DiffSync adapters, devices
with their interfaces as children, diffs them, and prints one JSON line: seconds for load and
diff, the number of changes, and the peak resident memory of this process (VmHWM).
"""

import json
import sys
import time
from typing import List, Optional

from diffsync import Adapter, DiffSyncModel


class Interface(DiffSyncModel):
    _modelname = "interface"
    _identifiers = ("device", "name")
    _attributes = ("description", "mtu", "enabled")

    device: str
    name: str
    description: Optional[str] = None
    mtu: Optional[int] = None
    enabled: Optional[bool] = None


class Device(DiffSyncModel):
    _modelname = "device"
    _identifiers = ("name",)
    _attributes = ("serial", "asset_tag", "comments")
    _children = {"interface": "interfaces"}

    name: str
    serial: Optional[str] = None
    asset_tag: Optional[str] = None
    comments: Optional[str] = None
    interfaces: List = []


class RecordFileAdapter(Adapter):
    device = Device
    interface = Interface
    top_level = ["device"]

    def load_file(self, path: str) -> None:
        devices = {}
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if not line.strip():
                    continue
                record = json.loads(line)
                attrs = record.get("attrs", {})
                if record["type"] == "dcim.device":
                    device = Device(**attrs)
                    self.add(device)
                    devices[device.name] = device
                elif record["type"] == "dcim.interface":
                    interface = Interface(device=record["refs"]["device"], **attrs)
                    self.add(interface)
                    devices[interface.device].add_child(interface)
                else:
                    raise ValueError(f"unexpected type {record['type']}")


def peak_rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 3)
    return 0.0


def main() -> None:
    source_path, target_path = sys.argv[1:3]
    started = time.perf_counter()
    source = RecordFileAdapter(name="source")
    source.load_file(source_path)
    target = RecordFileAdapter(name="target")
    target.load_file(target_path)
    loaded = time.perf_counter()
    diff = target.diff_from(source)
    finished = time.perf_counter()
    summary = diff.summary()
    print(
        json.dumps(
            {
                "loadSeconds": round(loaded - started, 3),
                "diffSeconds": round(finished - loaded, 3),
                "totalSeconds": round(finished - started, 3),
                "changes": summary["create"] + summary["update"] + summary["delete"],
                "summary": summary,
                "peakRssMiB": peak_rss_mib(),
            }
        )
    )


if __name__ == "__main__":
    main()
