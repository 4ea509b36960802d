"""Production lets no anonymous device work: new devices wait for an admin's approval."""

from __future__ import annotations

from tests.deploy.manifests import manifests, service_settings


def test_prod_requires_approval_of_new_devices_and_dev_keeps_them_open() -> None:
    prod = service_settings(manifests("prod"), "fleet")
    dev = service_settings(manifests("dev"), "fleet")
    assert prod.fleet_device_registration == "approval"  # type: ignore[attr-defined]
    assert dev.fleet_device_registration == "open"  # type: ignore[attr-defined]
