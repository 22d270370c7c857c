"""Fixtures for the console tests: boto3 clients on the test server, an httpx client on the console, a Lambda package."""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

from cumulo.testing import CumuloServer

ACCOUNT, REGION = "000000000000", "us-east-1"
WHERE = {"account": ACCOUNT, "region": REGION}
ROLE = "arn:aws:iam::000000000000:role/lambda-role"
APP = '''
import json

def handler(event, context):
    print("console says", json.dumps(event))
    return {"doubled": event.get("n", 0) * 2}
'''


def package(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buf.getvalue()


@pytest.fixture
def aws(cumulo: CumuloServer) -> Any:
    """aws("sqs") -> a boto3 client on the test server."""
    return lambda name: boto3.client(name, endpoint_url=cumulo.url, region_name=REGION)


@pytest.fixture
def console(cumulo: CumuloServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=cumulo.url + "/_cumulo/console/", timeout=30) as client:
        yield client


def make_function(aws: Any, name: str = "doubler") -> dict[str, Any]:
    return aws("lambda").create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
                                         Code={"ZipFile": package({"app.py": APP, "lib/util.py": "X = 1\n"})}, Timeout=10)


# ---------------------------------------------------------------- the browser (Debian's Chromium)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # pragma: no cover - the skip below says so
    webdriver = By = Select = None  # type: ignore[assignment,misc]

browser_required = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None or webdriver is None,
    reason="browser tests need Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver) and selenium",
)

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000"]


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("CUMULO_CONSOLE_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("console-screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    profile = tempfile.mkdtemp(prefix="cumulo-chromium-")  # a fresh profile: a cold cache
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def ui(cumulo: CumuloServer, driver: Any, shots: Path) -> Iterator[Any]:
    """The console on the test server, with helpers; fails the test on any JavaScript error."""
    driver.get_log("browser")  # what earlier tests left
    yield Console(cumulo, driver, shots)
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert errors == []


class Console:
    def __init__(self, server: CumuloServer, driver: Any, shots: Path) -> None:
        self.server, self.driver, self.shots = server, driver, shots
        self.base = f"{server.url}/_cumulo/console/"

    def open(self, fragment: str = "") -> None:
        for attempt in (1, 2):
            try:
                self.driver.get(self.base + "#/" + fragment)
                self.driver.refresh()  # a hash change alone would not reload a page already open on it
                break
            except WebDriverException:
                # On a loaded machine Chromium can report a navigation the refresh overtook as a
                # timeout ("aborted by navigation"); the page itself is fine: load it again.
                if attempt == 2:
                    raise
        self.wait(lambda d: "Loading" not in d.find_element(By.ID, "main").text)

    def wait(self, condition: Callable[[Any], Any], timeout: float = 15) -> Any:
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,)).until(condition)
        except TimeoutException:
            self.shot("timeout")
            raise

    def text_appears(self, text: str, timeout: float = 15) -> None:
        self.wait(lambda d: text in d.find_element(By.ID, "main").text, timeout)

    def css(self, selector: str) -> Any:
        return self.wait(lambda d: d.find_element(By.CSS_SELECTOR, selector))

    def click_text(self, text: str, tag: str = "a") -> None:
        self.wait(lambda d: d.find_element(By.XPATH, f"//{tag}[normalize-space()={json.dumps(text)}]")).click()

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.driver.save_screenshot(str(path))
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000, f"empty screenshot {path}"
        return path
