"""Local fake translation providers speaking the providers' wire protocols: Google's
mobile web page (what deep-translator scrapes), LibreTranslate's and MyMemory's JSON APIs,
DeepL's v2 API and Amazon Translate's AWS JSON 1.1 protocol."""

import html
import json
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


def fake_translation(text: str, target: str) -> str:
    """Deterministic, token-preserving "translation": marks the target language."""
    return f"[{target}] {text}"


@dataclass
class FakeProvider:
    requests: list[dict[str, str]] = field(default_factory=list)
    fail_with: list[int] = field(default_factory=list)  # statuses to answer before succeeding
    delay: float = 0.0
    mangle_tokens: bool = False
    hostile: str = ""  # markup appended to every answer, as a crowd-edited memory might return
    failing_targets: set[str] = field(default_factory=set)  # languages answered with 503

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:  # noqa: PLR0911, PLR0912 - one branch per protocol
        request = Request(environ)
        params = request.args
        if self.delay:
            time.sleep(self.delay)
        if self.fail_with:
            return Response("busy", status=self.fail_with.pop(0))(environ, start_response)
        if request.headers.get("Ocp-Apim-Subscription-Key"):  # Azure AI Translator v3
            target = params["to"]
            texts = [item["Text"] for item in json.loads(request.get_data())]
            for text in texts:
                self.requests.append(
                    {"provider": "microsoft", "text": text, "source": params["from"], "target": target}
                )
            result = [{"translations": [{"text": self._answer(text, target), "to": target}]} for text in texts]
            return Response(json.dumps(result), content_type="application/json")(environ, start_response)
        if request.path.endswith("/m"):  # Google
            text, target = params["q"], params["tl"]
            if target in self.failing_targets:
                return Response("unavailable", status=503)(environ, start_response)
            self.requests.append({"provider": "google", "text": text, "source": params["sl"], "target": target})
            answer = self._answer(text, target)
            body = f'<html><body><div class="result-container">{html.escape(answer)}</div></body></html>'
            return Response(body, content_type="text/html; charset=utf-8")(environ, start_response)
        if request.path.endswith("/translate") and not request.path.endswith("/v2/translate"):  # LibreTranslate
            text, target = params["q"], params["target"]
            self.requests.append({"provider": "libre", "text": text, "source": params["source"], "target": target})
            payload = json.dumps({"translatedText": self._answer(text, target)})
            return Response(payload, content_type="application/json")(environ, start_response)
        if request.path.endswith("/get"):  # MyMemory
            text, (source, target) = params["q"], (code.split("-")[0] for code in params["langpair"].split("|"))
            self.requests.append({"provider": "mymemory", "text": text, "source": source, "target": target})
            payload = json.dumps(
                {"responseData": {"translatedText": self._answer(text, target)}, "responseStatus": 200}
            )
            return Response(payload, content_type="application/json")(environ, start_response)
        if request.path.endswith("/v2/translate"):  # DeepL
            body = json.loads(request.get_data())
            if request.headers.get("Authorization") != "DeepL-Auth-Key key-of-/haber/deepl":
                return Response('{"message": "Forbidden"}', status=403)(environ, start_response)
            target = body["target_lang"].split("-")[0].lower()
            for text in body["text"]:
                self.requests.append(
                    {"provider": "deepl", "text": text, "source": body["source_lang"], "target": target}
                )
            translations = [
                {
                    "detected_source_language": body["source_lang"],
                    "text": self._answer(t, target),
                    "billed_characters": len(t),
                }
                for t in body["text"]
            ]
            return Response(json.dumps({"translations": translations}), content_type="application/json")(
                environ, start_response
            )
        if request.headers.get("X-Amz-Target", "") == "AmazonSSM.GetParameter":  # keys in Parameter Store
            name = json.loads(request.get_data())["Name"]
            self.requests.append({"provider": "ssm", "text": name, "source": "", "target": ""})
            payload = json.dumps({"Parameter": {"Name": name, "Type": "SecureString", "Value": f"key-of-{name}"}})
            return Response(payload, content_type="application/x-amz-json-1.1")(environ, start_response)
        if request.headers.get("X-Amz-Target", "").endswith(".TranslateText"):  # Amazon Translate
            body = json.loads(request.get_data())
            text, source, target = body["Text"], body["SourceLanguageCode"], body["TargetLanguageCode"]
            self.requests.append({"provider": "aws", "text": text, "source": source, "target": target})
            translated = {
                "TranslatedText": self._answer(text, target),
                "SourceLanguageCode": source,
                "TargetLanguageCode": target,
            }
            return Response(json.dumps(translated), content_type="application/x-amz-json-1.1")(environ, start_response)
        return Response("not found", status=404)(environ, start_response)

    def _answer(self, text: str, target: str) -> str:
        answer = fake_translation(text, target) + self.hostile
        return answer.replace("⟦", "⟦ ") if self.mangle_tokens else answer

    def characters(self) -> int:
        return sum(len(request["text"]) for request in self.requests)


logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log per fake request


@contextmanager
def serving(provider: FakeProvider) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, provider, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
