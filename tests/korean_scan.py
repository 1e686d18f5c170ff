"""Find English words in text meant to be Korean (tests/test_i18n_korean.py).

A "word" is a run of Latin letters (hyphens inside, as in ``Scale-down``) that stands on its own. Not
words, so never reported: anything in quotes or backticks (verbatim names and values), command-line
flags (``--scale-down-unneeded-time``), and tokens that are codes by their shape: containing a digit,
``/``, ``.``, ``_``, ``@``, ``=`` or ``:`` between letters (punctuation around a token is dropped first) (``m5.xlarge``, ``us-east-1``,
``hpa.max_replicas``, paths, URLs). What is left must be in the allow-list of docs/glossary.md or one of
the names the test passes in (service names, reason codes, the scenario's own text).
"""

from __future__ import annotations

import re

#: docs/glossary.md, "Allow-list": units, acronyms, plan names and product names.
GLOSSARY_ALLOWED = frozenset("""
As-Is To-Be HPA CPU USD KRW vCPU GiB MiB MB VM OS API EKS GKE AKS CSV YAML JSON HTML PDF PNG SVG URL zip
Excel Markdown Chromium Linux Azure AWS GCP GCE Microsoft Cluster Autoscaler Karpenter FAQ NASA ELB UTF CP
Price List Retail Prices Cloud Billing Catalog opencost maxPods kube-controller-manager planner English Language
Kubernetes Namespace Deployment ClusterIP ConfigMap ConfigMaps Secret Secrets HorizontalPodAutoscaler
PodDisruptionBudget PriorityClass NodePool CronJob emptyDir kustomize kustomization cluster-autoscaler karpenter
Prometheus CloudWatch promtool LLM metrics-server kubelet cAdvisor
ALB NAT EBS SKU GetProducts Savings Plan Go Google
""".split())

_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`|‘[^’\n]*’|“[^”\n]*”")
_CODE_CHUNK = re.compile(r"[A-Za-z][^\s]*[0-9/._@=:]|[0-9/._@=:][^\s]*[A-Za-z]")
_EDGE = "()[]{}<>,.;:!?·…|*#"
_LEFT_EDGE = _EDGE.replace(".", "")  # a leading dot is a file suffix (.csv), not punctuation
_WORD = re.compile(r"[A-Za-z](?:[A-Za-z-]*[A-Za-z])?")


def english_words(text: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The English words of ``text`` that are neither codes nor in ``GLOSSARY_ALLOWED | allowed``."""
    ok = GLOSSARY_ALLOWED | set(allowed)
    text = _QUOTED.sub(" ", text)
    found = []
    for chunk in text.split():
        chunk = chunk.lstrip(_LEFT_EDGE).rstrip(_EDGE)
        if chunk.startswith("--") or _CODE_CHUNK.search(chunk):
            continue
        for word in _WORD.findall(chunk):
            if word not in ok:
                found.append(word)
    return found


def name_words(*names: str) -> set[str]:
    """Every word of user-given names (services, the scenario's title): they are shown as written."""
    return {w for n in names for w in _WORD.findall(str(n))}
