#!/usr/bin/env python3
"""Drives the agent console in headless Chromium against a running Switchboard server.

    python3 Tests/Browser/console_test.py --url http://127.0.0.1:8080 --token TOKEN \\
        --conversation 3 --reply "Hi, this is Alice" --screenshot /tmp/console.png [--transfer-check]

Signs in, waits for the conversation in the waiting list, opens it, checks the brief against
the API, claims it, types the reply, checks the segment counter against an independent count,
sends, and waits for the reply in the transcript. With --transfer-check it then transfers the
conversation to another of the agent's queues and waits for it to be listed there as waiting.
Script errors and CSP violations in the browser console fail the run. Saves a screenshot (also
on failure) and prints "ok" (exit 0) or what went wrong, e.g. what it waited for (exit 1).

Needs Selenium 4 and the Debian chromium + chromium-driver packages; it never downloads a driver.
"""
import argparse
import json
import shutil
import sys
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

WAIT_SECONDS = 15

# GSM 03.38 default alphabet and extension table (3GPP TS 23.038), for an independent count.
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("\f^{}\\[~]|€")


class Failure(Exception):
    pass


def expected_segments(text):
    """(encoding, segments) for text: GSM-7 with 160/153 septets, else UCS-2 with 70/67 UTF-16
    units; a segment never splits an extension character or a surrogate pair."""
    if all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in text):
        encoding, single, per_segment = "GSM-7", 160, 153
        costs = [2 if ch in GSM_EXTENSION else 1 for ch in text]
    else:
        encoding, single, per_segment = "UCS-2", 70, 67
        costs = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    if sum(costs) <= single:
        return encoding, 1
    segments, filled = 1, 0
    for cost in costs:
        if filled + cost > per_segment:
            segments, filled = segments + 1, 0
        filled += cost
    return encoding, segments


def by_testid(testid, extra=""):
    return (By.CSS_SELECTOR, f'[data-testid="{testid}"]{extra}')


class Console:
    def __init__(self, driver):
        self.driver = driver

    def wait(self, what, condition):
        """Waits up to WAIT_SECONDS for condition; on timeout fails naming what it waited for (a
        string, or a function giving one at that moment) and any error the page shows."""
        # The page rebuilds lists on live events, so an element found a moment ago may be gone.
        wait = WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=[StaleElementReferenceException])
        try:
            return wait.until(condition)
        except TimeoutException:
            what = what() if callable(what) else what
            raise Failure(f"timed out after {WAIT_SECONDS} s waiting for {what}{self.page_errors()}") from None

    def page_errors(self):
        """The open conversation's status, errors shown on the page, and errors from the browser console."""
        status = [e.text for e in self.driver.find_elements(
                  By.CSS_SELECTOR, '[data-testid="conversation-status"], [data-testid="conversation-meta"]')
                  if e.is_displayed() and e.text]
        shown = [e.text for e in self.driver.find_elements(By.CSS_SELECTOR, '[role="alert"]')
                 if e.is_displayed() and e.text]
        logged = [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]
        notes = [f"conversation: {' · '.join(status)}"] if status else []
        notes += [f"page shows: {' | '.join(shown)}"] if shown else []
        notes += [f"browser console: {' | '.join(logged)}"] if logged else []
        return f" ({'; '.join(notes)})" if notes else ""

    def visible(self, what, locator):
        return self.wait(what, EC.visibility_of_element_located(locator))

    def click(self, what, locator):
        """Clicks as soon as the element is clickable, finding it again if it was re-rendered."""
        def find_and_click(driver):
            element = EC.element_to_be_clickable(locator)(driver)
            if element:
                element.click()
            return bool(element)
        self.wait(what, find_and_click)

    def text_of(self, locator):
        elements = self.driver.find_elements(*locator)
        return elements[0].text if elements else ""


def run(args, console):
    driver = console.driver
    conversation = f'[data-conversation-id="{args.conversation}"]'

    driver.get(args.url.rstrip("/") + "/console")
    console.visible("the sign-in token field", by_testid("token-input")).send_keys(args.token)
    console.click("the Sign in button", by_testid("signin-button"))
    console.visible("the queue list after signing in", by_testid("queue-list"))

    item = by_testid("conversation-item", conversation)
    console.click(f"conversation {args.conversation} in the waiting list", item)
    console.visible("the conversation pane", by_testid("conversation"))
    check_brief(console, fetch_conversation(args))

    console.click("the Claim button to be enabled", by_testid("claim-button"))
    reply_box = console.wait("the reply box to be enabled after claiming",
                             EC.element_to_be_clickable(by_testid("reply-input")))
    type_text(driver, reply_box, args.reply)

    encoding, segments = expected_segments(args.reply)
    counter = by_testid("segment-counter", f'[data-encoding="{encoding}"][data-segments="{segments}"]')
    unit = "segment" if segments == 1 else "segments"
    console.wait(lambda: f"the segment counter to show {encoding} and {segments} {unit} "
                         f"(it shows {console.text_of(by_testid('segment-counter'))!r})",
                 lambda d: d.find_elements(*counter)
                 and encoding in console.text_of(counter) and f"{segments} {unit}" in console.text_of(counter))

    def copies_of_reply(driver):
        bubbles = driver.find_elements(By.CSS_SELECTOR, '[data-testid="message"][data-author^="agent:"] .bubble')
        return sum(1 for bubble in bubbles if bubble.text.strip() == args.reply.strip())
    before = copies_of_reply(driver)
    console.click("the Send button to be enabled", by_testid("send-button"))
    console.wait("the sent reply to appear in the transcript", lambda d: copies_of_reply(d) > before)
    console.wait("the reply box to be emptied after sending",
                 lambda d: d.find_element(*by_testid("reply-input")).get_property("value") == "")

    if args.transfer_check:
        transfer(console, conversation)

    driver.save_screenshot(args.screenshot)
    # Script errors and Content-Security-Policy violations fail the run; failed requests alone do not.
    problems = list(dict.fromkeys(entry["message"] for entry in driver.get_log("browser")
                                  if entry["level"] == "SEVERE" and entry.get("source") != "network"))
    if problems:
        raise Failure("the page logged errors: " + " | ".join(problems))


def fetch_conversation(args):
    """The conversation as the API gives it, to compare with what the page shows."""
    request = urllib.request.Request(f"{args.url.rstrip('/')}/v1/conversations/{args.conversation}",
                                     headers={"Authorization": f"Bearer {args.token}"})
    try:
        with urllib.request.urlopen(request, timeout=WAIT_SECONDS) as response:
            return json.load(response)
    except (urllib.error.URLError, ValueError) as error:
        raise Failure(f"GET /v1/conversations/{args.conversation} failed: {error}") from None


def check_brief(console, conversation):
    """Waits for the brief to show the conversation's summary and collected slots."""
    brief = conversation.get("brief") or {}
    summary = (brief.get("summary") or "").strip()
    console.wait(f"the brief summary {summary!r}" if summary else "the brief",
                 lambda d: console.text_of(by_testid("brief-summary")).strip() != ""
                 and summary in console.text_of(by_testid("brief-summary")))
    for name, value in (brief.get("collected") or {}).items():
        console.wait(f"the collected slot {name} = {value!r} in the brief",
                     lambda d: f"{name} {value}" in console.text_of(by_testid("brief-slots")))


def type_text(driver, element, text):
    """Types like a user; ChromeDriver cannot type characters outside the BMP (most emoji), so
    such text is set directly and an input event is fired."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        element.send_keys(text)
    else:
        driver.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', { bubbles: true }));", element, text)


def transfer(console, conversation):
    if not console.driver.find_element(*by_testid("transfer-select")).is_displayed():
        raise Failure("--transfer-check needs an agent with at least two queues (the page offers no transfer)")
    console.wait("the transfer queue picker to be enabled",
                 EC.element_to_be_clickable(by_testid("transfer-select")))
    picker = Select(console.driver.find_element(*by_testid("transfer-select")))
    target = picker.options[0].get_attribute("value")
    picker.select_by_value(target)
    console.click("the Transfer button", by_testid("transfer-button"))
    console.wait(f"the conversation status to become Waiting after transferring to {target}",
                 EC.presence_of_element_located((By.CSS_SELECTOR, '[data-testid="conversation"][data-status="queued"]')))
    console.visible(f"the conversation listed as waiting in queue {target}",
                    (By.CSS_SELECTOR, f'[data-testid="queue"][data-queue="{target}"] '
                                      f'[data-testid="conversation-item"]{conversation}[data-status="queued"]'))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="server base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--token", required=True, help="an agent token")
    parser.add_argument("--conversation", required=True, type=int, help="id of a waiting conversation")
    parser.add_argument("--reply", required=True, help="the reply to send")
    parser.add_argument("--screenshot", required=True, help="where to save a PNG screenshot")
    parser.add_argument("--transfer-check", action="store_true",
                        help="after replying, transfer to another of the agent's queues and check the lists")
    args = parser.parse_args()

    driver_path, browser_path = shutil.which("chromedriver"), shutil.which("chromium")
    if not driver_path or not browser_path:
        print("failed: chromium and chromedriver must be on PATH (apt install chromium chromium-driver)")
        return 1
    options = webdriver.ChromeOptions()
    options.binary_location = browser_path
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    try:
        driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    except WebDriverException as error:
        print(f"failed: could not start headless Chromium: {error.msg}")
        return 1

    try:
        run(args, Console(driver))
    except (Failure, WebDriverException) as error:
        message = error.msg if isinstance(error, WebDriverException) else str(error)
        try:
            driver.save_screenshot(args.screenshot)
            message += f" (screenshot: {args.screenshot})"
        except WebDriverException:
            pass
        print(f"failed: {message}")
        return 1
    finally:
        driver.quit()
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
