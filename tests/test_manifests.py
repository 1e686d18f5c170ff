"""From plan to cluster (issue 14): the manifests validate against the official schemas of each
target version and, read back, give the scenario's values."""

from __future__ import annotations

import io
import zipfile

import pytest
import yaml

from planner.allocatable import node_shape
from planner.catalog import resolve_instance
from planner.cli import main
from planner.datafiles import read_bytes
from planner.environments import expand
from planner.manifests import (ManifestError, dns_name, manifest_objects, render_manifests, schedule_crons,
                               service_dns_names, validate_manifests, zip_manifests)
from planner.environments import resolve
from planner.scenario import validate_scenario
from planner.scenario_io import default_scenario, read_scenario, scenario_to_dict

VERSIONS = ["1.25", "1.30", "1.32", "1.33", "1.35", "1.37"]


def env_example():
    return read_scenario(read_bytes("scenarios", "environments.yaml"), "yaml", "environments.yaml")


def objects(files, kind):
    return [(p, o) for p, o in manifest_objects(files) if o["kind"] == kind]


def cpu_m(q: str) -> float:
    assert q.endswith("m"), q
    return float(q[:-1])


def mem_mib(q: str) -> float:
    return float(q[:-2]) if q.endswith("Mi") else float(q[:-2]) / 1024


# --- the official schemas -------------------------------------------------------------------------------
_MORE = pytest.mark.slow  #: the default suite checks the oldest and newest version; CI's slow pass the rest
CASES = ([pytest.param("three_environments", v, "shared", id=f"three_environments-{v}",
                       marks=() if v in (VERSIONS[0], VERSIONS[-1]) else _MORE) for v in VERSIONS]
         + [pytest.param("default", "1.25", "shared", id="default-1.25", marks=_MORE),
            pytest.param("default", "1.35", "shared", id="default-1.35")]
         + [pytest.param("three_environments", "1.25", "per-environment", id="per_environment-1.25"),
            pytest.param("three_environments", "1.37", "per-environment", id="per_environment-1.37", marks=_MORE)])


@pytest.mark.parametrize("which, version, layout", CASES)
def test_every_object_validates_against_the_official_schemas(which, version, layout):
    scenario = default_scenario() if which == "default" else env_example()
    files = render_manifests(scenario, k8s_version=version, layout=layout)
    assert validate_manifests(files, version) == []
    kinds = {o["kind"] for _, o in manifest_objects(files)}
    assert {"Namespace", "ConfigMap", "Secret", "Deployment", "Service", "HorizontalPodAutoscaler",
            "PodDisruptionBudget", "PriorityClass"} <= kinds
    if which != "default":
        assert "CronJob" in kinds  # dev scales to zero


def test_an_invalid_object_is_reported_not_passed():
    """The check can fail: a Deployment with an unknown field is rejected under strict schemas."""
    files = render_manifests(default_scenario())
    path = "default/a-deployment.yaml"
    obj = yaml.safe_load(files[path])
    obj["spec"]["replicaz"] = 3
    bad = dict(files, **{path: yaml.safe_dump(obj)})
    problems = validate_manifests(bad, "1.35")
    assert len(problems) == 1 and problems[0][0].startswith(path) and "replicaz" in problems[0][1]


def test_the_check_is_the_official_validator_and_gates_by_version():
    """Our cached validators agree with kubernetes_validate.validate object by object, and the
    1.33 output (HPA tolerance) is rejected by the 1.32 schemas, as the reference notes found."""
    import kubernetes_validate as kv

    files = render_manifests(env_example(), k8s_version="1.33")
    for _, obj in manifest_objects(files)[:12]:
        assert kv.validate(obj, "1.33", strict=True) == "1.33"
    problems = validate_manifests(files, "1.32")
    assert problems and all("'tolerance' was unexpected" in m for _, m in problems)
    hpa = next(o for _, o in manifest_objects(files) if o["kind"] == "HorizontalPodAutoscaler")
    with pytest.raises(kv.ValidationError):
        kv.validate(hpa, "1.32", strict=True)


# --- read back: the scenario's values -------------------------------------------------------------------
def expected_behavior(rules, tolerance_frac, with_tolerance):
    out = {"stabilizationWindowSeconds": rules.stabilization_window_s, "selectPolicy": rules.select_policy,
           "policies": [{"type": p.type, "value": p.value, "periodSeconds": p.period_s} for p in rules.policies]}
    if with_tolerance:
        out["tolerance"] = rules.tolerance_frac if rules.tolerance_frac is not None else tolerance_frac
    return out


@pytest.mark.parametrize("version", ["1.32", "1.35"])
@pytest.mark.parametrize("which", ["default", "three_environments"])
def test_read_back_requests_hpa_and_surge_equal_the_scenario(which, version):
    scenario = default_scenario() if which == "default" else env_example()
    files = render_manifests(scenario, k8s_version=version)
    planned = {(es.environment, es.service): es.planned for es in resolve(scenario)}
    assert len(planned) == (3 if which == "default" else 9)
    deps = {(o["metadata"]["namespace"], o["metadata"]["name"]): o for _, o in objects(files, "Deployment")}
    hpas = {(o["metadata"]["namespace"], o["metadata"]["name"]): o for _, o in objects(files, "HorizontalPodAutoscaler")}
    for (env, svc), s in planned.items():
        key = (env, svc.lower())
        pod = deps[key]["spec"]["template"]["spec"]
        reqs = [c["resources"]["requests"] for c in pod["containers"]]
        assert sum(cpu_m(r["cpu"]) for r in reqs) == s.requests.cpu_millicores
        assert sum(mem_mib(r["memory"]) for r in reqs) == s.requests.memory_mib
        assert deps[key]["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": f"{round(s.max_surge_frac * 100)}%",
                                                                  "maxUnavailable": 0}
        assert "replicas" not in deps[key]["spec"]  # the HPA owns it
        spec = hpas[key]["spec"]
        assert (spec["minReplicas"], spec["maxReplicas"]) == (s.hpa.min_replicas, s.hpa.max_replicas)
        got = {side: dict(spec["behavior"][side]) for side in ("scaleUp", "scaleDown")}
        for side in got:
            if "tolerance" in got[side]:
                got[side]["tolerance"] = float(got[side]["tolerance"])
        with_tol = version >= "1.33"
        assert got == {"scaleUp": expected_behavior(s.hpa.scale_up, s.hpa.tolerance_frac, with_tol),
                       "scaleDown": expected_behavior(s.hpa.scale_down, s.hpa.tolerance_frac, with_tol)}
        targets = {m["resource"]["name"]: m["resource"]["target"]["averageUtilization"] for m in spec["metrics"]}
        assert targets == {m.name: round(100 * m.target_utilization_frac) for m in s.hpa.metrics}


def test_environment_overrides_reach_the_objects():
    files = render_manifests(env_example())
    hpa = {o["metadata"]["namespace"]: o["spec"] for p, o in objects(files, "HorizontalPodAutoscaler")
           if o["metadata"]["name"] == "a"}
    assert (hpa["prod"]["minReplicas"], hpa["stage"]["minReplicas"], hpa["dev"]["minReplicas"]) == (2, 1, 1)
    cm = {o["metadata"]["namespace"]: o["data"] for p, o in objects(files, "ConfigMap") if o["metadata"]["name"] == "a-config"}
    assert cm["prod"] == {"ENVIRONMENT": "prod", "LOG_LEVEL": "info"} and cm["dev"]["LOG_LEVEL"] == "debug"


def test_custom_behavior_and_tolerance_are_written_exactly():
    d = scenario_to_dict(default_scenario())
    d["services"][0]["hpa"].update(tolerance_frac=0.05, scale_down={
        "stabilization_window_s": 600, "select_policy": "Min", "tolerance_frac": 0.2,
        "policies": [{"type": "Pods", "value": 2, "period_s": 60}, {"type": "Percent", "value": 10, "period_s": 120}]})
    s = validate_scenario(d)
    hpa = yaml.safe_load(render_manifests(s, k8s_version="1.37")["default/a-hpa.yaml"])["spec"]["behavior"]
    assert hpa["scaleDown"] == {"stabilizationWindowSeconds": 600, "selectPolicy": "Min", "tolerance": "0.2",
                                "policies": [{"type": "Pods", "value": 2, "periodSeconds": 60},
                                             {"type": "Percent", "value": 10, "periodSeconds": 120}]}
    assert hpa["scaleUp"]["tolerance"] == "0.05"
    old = render_manifests(s, k8s_version="1.32")["default/a-hpa.yaml"]
    assert "tolerance:" not in old.split("apiVersion", 1)[1]
    assert "set that flag on kube-controller-manager" in old  # the comment says where the tolerance went
    alpha = render_manifests(s, k8s_version="1.33")["default/a-hpa.yaml"]
    assert "HPAConfigurableTolerance feature gate (alpha in 1.33)" in alpha


def test_the_secret_holds_no_value():
    files = render_manifests(env_example())
    secrets = objects(files, "Secret")
    assert len(secrets) == 9
    with_keys = [o for _, o in secrets if o.get("stringData")]
    assert {tuple(o["stringData"]) for o in with_keys} == {("DB_PASSWORD", "API_TOKEN")}
    for _, o in secrets:
        assert "data" not in o and all(v == "" for v in o.get("stringData", {}).values())
    assert "External Secrets Operator" in files["prod/a-secret.yaml"]


def test_ports_sidecar_and_shared_volume():
    files = render_manifests(env_example())
    pod = yaml.safe_load(files["prod/a-deployment.yaml"])["spec"]["template"]
    ports = [p["containerPort"] for c in pod["spec"]["containers"] for p in c.get("ports", [])]
    assert ports == [8080, 2020] and len(set(ports)) == len(ports)
    assert pod["spec"]["volumes"] == [{"name": "shared", "emptyDir": {}}]
    assert all(c["volumeMounts"] == [{"name": "shared", "mountPath": "/shared"}] for c in pod["spec"]["containers"])
    assert pod["metadata"]["annotations"] == {"cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes": "shared"}
    b = yaml.safe_load(files["prod/b-deployment.yaml"])["spec"]["template"]
    assert "volumes" not in b["spec"] and "annotations" not in b["metadata"]  # no sidecar, no emptyDir
    svc = yaml.safe_load(files["prod/a-service.yaml"])["spec"]
    assert svc["type"] == "ClusterIP" and svc["ports"] == [{"name": "http", "port": 80, "targetPort": "http",
                                                            "protocol": "TCP"}]


def test_topology_spread_and_pdb():
    files = render_manifests(default_scenario(), k8s_version="1.35")
    dep = yaml.safe_load(files["default/a-deployment.yaml"])["spec"]["template"]["spec"]
    spread = [(c["topologyKey"], c["maxSkew"], c["whenUnsatisfiable"]) for c in dep["topologySpreadConstraints"]]
    assert spread == [("topology.kubernetes.io/zone", 1, "ScheduleAnyway"), ("kubernetes.io/hostname", 1, "ScheduleAnyway")]
    for p, pdb in objects(files, "PodDisruptionBudget"):
        assert pdb["spec"]["maxUnavailable"] == 1 and "minAvailable" not in pdb["spec"]


# --- cluster-wide ------------------------------------------------------------------------------------------
def test_spare_capacity_is_pause_pods_that_each_hold_a_node():
    """Each pause pod requests one node's room for pods: m5.xlarge under the EKS formula has 3920m /
    14162Mi allocatable (planner.allocatable), minus DaemonSets 150m / 300Mi = 3770m / 13862Mi."""
    s = default_scenario()
    files = render_manifests(s)
    (_, pc), = objects(files, "PriorityClass")
    assert pc["value"] == -10 and pc["globalDefault"] is False
    dep = [o for _, o in objects(files, "Deployment") if o["metadata"]["name"] == "overprovisioning"][0]
    assert dep["spec"]["replicas"] == s.cluster.spare_nodes == 1
    req = dep["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]
    shape = node_shape(resolve_instance(s.cluster.node, "cluster.node"), s.cluster)
    assert req == {"cpu": "3770m", "memory": "13862Mi"}
    assert (cpu_m(req["cpu"]), mem_mib(req["memory"])) == (shape.pod_cpu_millicores, shape.pod_memory_mib)
    no_spare = validate_scenario(dict(scenario_to_dict(s), cluster=dict(scenario_to_dict(s)["cluster"], spare_nodes=0)))
    assert not objects(render_manifests(no_spare), "PriorityClass")


def test_node_autoscaler_settings_equal_the_plan():
    s = env_example()
    files = render_manifests(s)
    (_, cm), = [(p, o) for p, o in objects(files, "ConfigMap") if o["metadata"]["name"] == "planner-cluster-autoscaler-flags"]
    flags = dict(line.split("=", 1) for line in cm["data"]["args"].splitlines())
    c = s.cluster
    assert flags == {"--nodes": f"{c.min_nodes}:{c.max_nodes}:planner-m5-xlarge",
                     "--scale-down-unneeded-time": f"{c.scale_down_unneeded_s}s",
                     "--scale-down-delay-after-add": f"{c.scale_down_delay_after_add_s}s",
                     "--scale-down-utilization-threshold": "0.5", "--max-scale-down-parallelism": "10",
                     "--max-node-provision-time": "900s", "--initial-node-group-backoff-duration": "300s",
                     "--max-node-group-backoff-duration": "1800s", "--node-group-backoff-reset-timeout": "10800s",
                     "--expendable-pods-priority-cutoff": "-10"}
    own = render_manifests(s, layout="per-environment")
    dev_flags = yaml.safe_load(own["dev/cluster/cluster-autoscaler-flags.yaml"])["data"]["args"]
    assert dev_flags.startswith("--nodes=0:1000:")  # dev's own cluster goes to zero nodes outside its hours
    kp = yaml.safe_load(render_manifests(s, node_autoscaler="karpenter")["cluster/karpenter-nodepool.yaml"])
    assert kp["spec"]["limits"] == {"cpu": "4000", "memory": "16000Gi"}  # 1000 nodes x 4 vCPU, 16 GiB
    assert kp["spec"]["template"]["spec"]["requirements"][0]["values"] == ["m5.xlarge"]
    assert kp["spec"]["disruption"]["consolidateAfter"] == "600s"


def test_karpenter_needs_a_provider_it_supports():
    d = scenario_to_dict(default_scenario())
    d["cluster"]["node"] = {"instance_type": "n2-standard-4", "provider": "gcp", "region": "us-central1"}
    with pytest.raises(ManifestError) as exc:
        render_manifests(validate_scenario(d), node_autoscaler="karpenter")
    assert exc.value.problems[0][0] == "cluster.node.provider" and "gcp" in exc.value.problems[0][1]


# --- scale to zero -------------------------------------------------------------------------------------------
def _env(schedule):
    d = scenario_to_dict(default_scenario())
    d["environments"] = [{"name": "dev", "schedule": schedule, "scale_to_zero": True}]
    return resolve(validate_scenario(d))[0]


@pytest.mark.parametrize("schedule, up, down", [
    pytest.param("weekdays 08-20", ["56 7 * * 1,2,3,4,5"], ["0 20 * * 1,2,3,4,5"], id="weekdays"),
    pytest.param("mon-fri 00-08", ["56 23 * * 0,1,2,3,4"], ["0 8 * * 1,2,3,4,5"], id="midnight_start_wraps_to_day_before"),
    pytest.param("22-06", ["56 21 * * 0,1,2,3,4,5,6"], ["0 6 * * 0,1,2,3,4,5,6"], id="overnight"),
])
def test_scale_to_zero_crons_follow_the_schedule(schedule, up, down):
    """Cron day 0 is Sunday; up 4 minutes ahead (180 s provisioning + 30 s start-up, rounded up)."""
    assert schedule_crons(_env(schedule), 4) == (up, down)


def test_scale_down_cron_takes_every_deployment_to_zero_and_up_to_min():
    files = render_manifests(env_example())
    jobs = {o["metadata"]["name"]: o for p, o in objects(files, "CronJob")}
    up = jobs["planner-scale-up-1"]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    assert [c["args"][1:3] for c in up] == [["deployment/a", "--replicas=1"], ["deployment/b", "--replicas=1"],
                                            ["deployment/c", "--replicas=1"]]
    down = jobs["planner-scale-down-1"]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    assert down[0]["args"] == ["scale", "deployment", "--all", "--replicas=0", "--namespace=dev"]
    assert jobs["planner-scale-up-1"]["spec"]["timeZone"] == "Etc/UTC"


# --- names, structure, determinism ------------------------------------------------------------------------------
@pytest.mark.parametrize("name, safe", [
    pytest.param("A", "a", id="upper"),
    pytest.param("Web API (v2)", "web-api-v2", id="spaces_and_punctuation"),
    pytest.param("9lives", "s-9lives", id="leading_digit"),
    pytest.param("x" * 70, "x" * 54 + "-" + __import__("hashlib").sha256(b"x" * 70).hexdigest()[:8], id="too_long"),
    pytest.param("<script>alert(1)</script>", "script-alert-1-script", id="markup"),
])
def test_hostile_names_become_safe_names(name, safe):
    assert dns_name(name) == safe and len(safe) <= 63


@pytest.mark.parametrize("names, words", [
    pytest.param(["API", "api "[:3] + "!"], "both become 'api'", id="collision"),
    pytest.param(["数据", "B"], "has no letter or digit", id="nothing_left"),
])
def test_names_that_cannot_be_made_safe_are_clear_errors(names, words):
    d = scenario_to_dict(default_scenario())
    d["services"] = [dict(d["services"][0], name=n) for n in names]
    with pytest.raises(ManifestError) as exc:
        service_dns_names(validate_scenario(d))
    assert exc.value.problems[0][0].startswith("services[") and words in exc.value.problems[0][1]


def test_each_folder_is_a_kustomization_of_exactly_its_files():
    for layout in ("shared", "per-environment"):
        files = render_manifests(env_example(), layout=layout)
        folders = {p.rsplit("/", 1)[0] if "/" in p else "" for p in files}
        if layout == "per-environment":  # a cluster each: no root kustomization across clusters
            folders.discard("")
            assert "kustomization.yaml" not in files
        for folder in folders:
            prefix = f"{folder}/" if folder else ""
            k = yaml.safe_load(files[f"{prefix}kustomization.yaml"])
            here = {p[len(prefix):].split("/")[0] for p in files if p.startswith(prefix) and p != f"{prefix}kustomization.yaml"
                    and not p.endswith(".md")}
            assert set(k["resources"]) == here, (layout, folder)


def test_output_is_deterministic_and_zips_the_same_bytes():
    a, b = render_manifests(env_example()), render_manifests(env_example())
    assert a == b and zip_manifests(a) == zip_manifests(b)
    names = zipfile.ZipFile(io.BytesIO(zip_manifests(a))).namelist()
    assert names[0].startswith("manifests/") and "manifests/dev/scheduled-scaler.yaml" in names


def test_every_file_carries_english_comments():
    files = render_manifests(env_example())
    for path, text in files.items():
        if path.endswith(".yaml"):
            assert text.startswith("# "), path


def test_manifests_follow_the_plan_the_engine_runs():
    """The services the manifests are written from are the expansion planner.plan runs."""
    s = env_example()
    assert [es.planned for es in resolve(s)] == list(expand(s).services)


# --- CLI --------------------------------------------------------------------------------------------------------
def test_cli_writes_validates_and_refuses_bad_input(tmp_path, capsys):
    out = tmp_path / "k8s"
    assert main(["manifests", "default", "--out", str(out), "--validate"]) == 0
    assert (out / "default" / "a-hpa.yaml").exists() and (out / "kustomization.yaml").exists()
    assert "valid:" in capsys.readouterr().out
    assert main(["manifests", "default", "--out", str(tmp_path / "m.zip"), "--k8s-version", "1.37"]) == 0
    assert zipfile.ZipFile(tmp_path / "m.zip").namelist()
    assert main(["manifests", "default", "--out", str(out), "--k8s-version", "1.19"]) == 2
    assert "1.19 is not supported; use 1.25 to 1.37" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    d = scenario_to_dict(default_scenario())
    d["services"][1]["name"] = "a"  # A and a: one Kubernetes name
    bad.write_text(yaml.safe_dump(d))
    assert main(["manifests", str(bad), "--out", str(out)]) == 2
    assert "both become 'a'" in capsys.readouterr().err
