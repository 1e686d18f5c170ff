"""Node allocatable per provider formula, checked against independent sources:
Karpenter's published allocatable (aws/karpenter-provider-aws website/content/en/docs/reference/
instance-types.md, copied in data/aws_node_allocatable_karpenter.csv) and the reference formulas
in tests/data/allocatable_ref.py (GKE plan-node-sizes, amazon-eks-ami nodeadm config.go, AKS docs)."""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from planner.allocatable import allocatable, cpu_reserved_millicores
from planner.catalog import Instance, load_catalog

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("allocatable_ref", ROOT / "tests" / "data" / "allocatable_ref.py")
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)


def inst(vcpu, mem_gib):
    return Instance("x", None, None, vcpu, mem_gib, 0.0, "", "")


def karpenter_rows():
    df = pd.read_csv(ROOT / "data" / "aws_node_allocatable_karpenter.csv")
    return [pytest.param(r.instance_type, r.vcpu, r.memory_mib / 1024, r.max_pods,
                         float(r.allocatable_cpu.rstrip("m")), float(r.allocatable_memory.rstrip("Mi")),
                         id=r.instance_type) for r in df.itertuples()]


@pytest.mark.parametrize("itype, vcpu, mem_gib, max_pods, cpu_m, mem_mi", karpenter_rows())
def test_eks_formula_reproduces_karpenter_allocatable(itype, vcpu, mem_gib, max_pods, cpu_m, mem_mi):
    """Except m7g (Graviton), whose published memory differs by the AMI's own overhead."""
    c, m = allocatable(inst(vcpu, mem_gib), "eks", max_pods)
    assert c == cpu_m
    if not itype.startswith("m7g"):
        assert m == mem_mi


@pytest.mark.parametrize("vcpu, mem_gib", [(2, 8), (4, 16), (8, 32), (16, 64), (32, 128), (64, 256), (1, 0.5)])
def test_gke_formula_matches_reference(vcpu, mem_gib):
    c, m = allocatable(inst(vcpu, mem_gib), "gke", 110)
    rc, rm = ref.gke(vcpu, mem_gib)
    assert c == pytest.approx(rc) and m == pytest.approx(rm)


@pytest.mark.parametrize("vcpu, mem_gib, pods", [(4, 16, 30), (4, 16, 250), (8, 32, 110)])
def test_aks_cpu_matches_reference_table(vcpu, mem_gib, pods):
    c, _ = allocatable(inst(vcpu, mem_gib), "aks", pods)
    rc, _ = ref.aks(vcpu, mem_gib, pods)
    assert c == rc


def test_cpu_tiers_by_hand():
    """6 % of the first core (60) + 1 % of the second (10) + 0.5 % of cores 3-4 (10) + 0.25 % of
    cores 5-8 (10) = 90 millicores for 8 vCPU."""
    assert cpu_reserved_millicores(8000) == 90


def test_catalog_has_prices_with_dates():
    df = load_catalog()
    assert (df.usd_per_hour > 0).all() and df.as_of.notna().all()
    assert df.loc[(df.instance_type == "m5.xlarge") & (df.provider == "aws"), "usd_per_hour"].item() == 0.192
