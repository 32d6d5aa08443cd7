"""The pynautobot half of bench:apply: the same records, created one at a time.

This is the plain loop a script writer would write: one REST call per object, ids of the
objects it references looked up once up front (setup objects) or remembered from the create
responses (locations for racks, racks for devices). Prints {"seconds": …, "created": …}.
"""

import argparse
import json
import os
import sys
import time

import pynautobot
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--records", required=True)
    args = parser.parse_args()

    # The token comes through the environment, never the command line (visible in ps).
    nautobot = pynautobot.api(args.url, token=os.environ["BENCH_NAUTOBOT_TOKEN"], api_version="2.4")
    # The peers' uwsgi HTTP router closes every connection after its response (no
    # http-keepalive); requests would reuse it and fail with RemoteDisconnected.
    nautobot.http_session.headers["Connection"] = "close"
    # A dropped connection now and then (seen on these uwsgi peers) must not end the run.
    retry = Retry(total=5, connect=5, read=5, backoff_factor=0.2, allowed_methods=None)
    nautobot.http_session.mount("http://", HTTPAdapter(max_retries=retry))
    records = [json.loads(line) for line in open(args.records, encoding="utf-8") if line.strip()]

    # Setup objects exist already (created before the timed part); look their ids up once.
    def one(endpoint, **query):
        found = endpoint.get(**query)
        if found is None:
            sys.exit(f"setup object missing: {query}")
        return found.id

    active = one(nautobot.extras.statuses, name="Active")
    location_types, roles, device_types = {}, {}, {}
    locations, racks = {}, {}
    namespace = one(nautobot.ipam.namespaces, name="Global")

    started = time.perf_counter()
    created = 0
    for record in records:
        kind, attrs, refs = record["type"], record.get("attrs", {}), record.get("refs", {})
        if kind == "dcim.location":
            type_name = refs["location_type"]
            if type_name not in location_types:
                location_types[type_name] = one(nautobot.dcim.location_types, name=type_name)
            obj = nautobot.dcim.locations.create(
                name=attrs["name"], location_type=location_types[type_name], status=active
            )
            locations[attrs["name"]] = obj.id
        elif kind == "dcim.rack":
            obj = nautobot.dcim.racks.create(
                name=attrs["name"], location=locations[refs["location"]], status=active
            )
            racks[(refs["location"], attrs["name"])] = obj.id
        elif kind == "dcim.device":
            role = refs["role"]
            if role not in roles:
                roles[role] = one(nautobot.extras.roles, name=role)
            manufacturer, model = refs["device_type"]
            if model not in device_types:
                device_types[model] = one(nautobot.dcim.device_types, model=model)
            nautobot.dcim.devices.create(
                name=attrs["name"],
                device_type=device_types[model],
                role=roles[role],
                location=locations[refs["location"]],
                rack=racks[tuple(refs["rack"])],
                status=active,
            )
        elif kind == "ipam.ipaddress":
            nautobot.ipam.ip_addresses.create(
                address=attrs["address"], status=active, namespace=namespace, type="host"
            )
        else:
            sys.exit(f"unexpected record type {kind}")
        created += 1
    print(json.dumps({"seconds": time.perf_counter() - started, "created": created}))


if __name__ == "__main__":
    main()
