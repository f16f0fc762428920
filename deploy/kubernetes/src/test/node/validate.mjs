// Validates Kubernetes objects against the schemas of the pinned kubernetes-models packages:
// the Kubernetes API of kubernetes-models, KEDA and the Prometheus Operator. Reads a JSON array of
// objects (a rendered overlay) and prints one JSON line per object: its kind and name, and
// "valid", "invalid" with the errors, or "no-schema" when no package here models its kind.
import { readFileSync } from "node:fs";

// API group → the package that models it; the core group ("v1") has no group part.
const packages = {
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

async function modelOf(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const pkg = packages[group] ?? (group === "" || group.endsWith(".k8s.io") || !group.includes(".") ? "kubernetes-models" : null);
  if (pkg === null) {
    return null;
  }
  try {
    const module = await import(`${pkg}/${apiVersion}/${kind}`);
    return module[kind] ?? null;
  } catch (e) {
    if (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
      return null;
    }
    throw e;
  }
}

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const object of objects) {
  const line = { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata?.name };
  const Model = await modelOf(object.apiVersion, object.kind);
  if (Model === null) {
    line.status = "no-schema";
  } else {
    try {
      new Model(object).validate();
      line.status = "valid";
    } catch (e) {
      line.status = "invalid";
      line.errors = e.message;
    }
  }
  console.log(JSON.stringify(line));
}
