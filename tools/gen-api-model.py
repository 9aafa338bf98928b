#!/usr/bin/python3
"""Generates the Docker Engine API wire records of berth-api-model from the OpenAPI files in
../shared/specs/docker-engine-api (the union of the properties of v1.44, v1.55 and the newest
spec, so that both old and new clients find their fields).

    /usr/bin/python3 tools/gen-api-model.py ../shared/specs/docker-engine-api

Records keep the swagger definition's name and Docker's JSON names (@JsonProperty on every
component); every component is nullable, as Docker's JSON is (`"Env": null`). Each record has a
Builder, so the engine can make one without long positional argument lists.
"""
import os
import re
import sys
import yaml

ROOTS = [
    "ContainerConfig", "HostConfig", "NetworkingConfig", "EndpointSettings", "ContainerCreateResponse",
    "ContainerInspectResponse", "ContainerSummary", "ContainerState", "ContainerWaitResponse",
    "ContainerTopResponse", "ContainerUpdateResponse", "ImageInspect", "ImageSummary",
    "ImageDeleteResponseItem", "ImageHistoryResponseItem", "SystemVersion", "SystemInfo", "ErrorResponse",
    "IDResponse", "EventMessage", "FilesystemChange", "AuthConfig", "CreateImageInfo", "PushImageInfo",
    "BuildInfo", "ProcessConfig", "Volume", "VolumeListResponse", "VolumeCreateRequest", "NetworkSummary",
    "NetworkInspect", "NetworkCreateResponse", "NetworkConnectRequest", "NetworkDisconnectRequest",
    "ContainerStatsResponse",
]
# Definitions that Berth passes through without looking inside: swarm, cluster volumes, plugins.
OPAQUE = {
    "SwarmInfo", "ClusterVolume", "ServiceInfo", "NetworkTaskInfo", "PeerInfo", "GenericResources",
    "ContainerdInfo", "FirewallInfo", "NRIInfo", "DeviceInfo", "Identity", "ImageManifestSummary",
    "Storage", "TLSInfo", "ClusterInfo",
}
# Definitions whose empty fields Docker leaves out (omitempty everywhere in its Go struct).
OMIT_NULLS = {"IPAMConfig"}
# Single fields Docker leaves out when empty (`json:",omitempty"` on those fields only).
OMIT_NULL_FIELDS = {
    "Volume": {"Status", "ClusterVolume", "UsageData"},
    "MountPoint": {"Name", "Driver"},
    "ContainerState": {"Health"},
}
JAVA_KEYWORDS = {"default", "private", "public", "class", "interface", "enum", "static", "final", "new",
                 "package", "import", "int", "long", "boolean", "char", "byte", "short", "double", "float",
                 "void", "switch", "case", "if", "else", "for", "while", "do", "try", "catch", "return",
                 "this", "super", "native", "volatile", "transient", "abstract", "throws", "throw", "goto",
                 "const", "assert", "record", "var", "yield", "sealed", "permits", "instanceof", "break",
                 "continue", "extends", "implements", "finally", "protected", "synchronized", "strictfp"}


def load(spec_dir):
    names = ["swagger-v1.44.yaml", "swagger-v1.55.yaml", "swagger.yaml"]
    merged = {}
    for name in names:
        defs = yaml.safe_load(open(os.path.join(spec_dir, name)))["definitions"]
        for key, value in defs.items():
            merged.setdefault(key, []).append(value)
    return merged


def java_name(json_name):
    cleaned = re.sub(r"[^A-Za-z0-9]", "_", json_name)
    run = 0
    while run < len(cleaned) and cleaned[run].isupper():
        run += 1
    if run == 0:
        name = cleaned
    elif run == len(cleaned):
        name = cleaned.lower()
    elif run == 1 or not cleaned[run].isalpha():
        name = cleaned[:run].lower() + cleaned[run:]
    else:
        name = cleaned[:run - 1].lower() + cleaned[run - 1:]
    if name in JAVA_KEYWORDS or name[0].isdigit():
        name = name + "_"
    return name


def type_name(json_name):
    cleaned = re.sub(r"[^A-Za-z0-9]", "", json_name)
    return cleaned[0].upper() + cleaned[1:]


class Generator:
    def __init__(self, defs):
        self.defs = defs
        self.todo = list(ROOTS)
        self.done = set()

    def properties(self, schema_versions):
        """Union of properties over versions (later versions win for a property's schema)."""
        props = {}
        desc = ""
        for schema in schema_versions:
            for part in self.flatten(schema):
                for key, value in (part.get("properties") or {}).items():
                    props[key] = value
                desc = part.get("description", desc) or desc
        return props

    def flatten(self, schema):
        if "allOf" in schema:
            out = []
            for part in schema["allOf"]:
                if "$ref" in part:
                    ref = part["$ref"].split("/")[-1]
                    for version in self.defs[ref][-1:]:
                        out.extend(self.flatten(version))
                else:
                    out.extend(self.flatten(part))
            return out
        return [schema]

    def java_type(self, schema, owner, prop, nested):
        if "$ref" in schema:
            ref = schema["$ref"].split("/")[-1]
            target = self.defs[ref][-1]
            if ref in OPAQUE:
                return "JsonNode"
            flat = self.flatten(target)
            if any("properties" in p for p in flat):
                if ref not in self.done and ref not in self.todo:
                    self.todo.append(ref)
                return ref
            return self.java_type(target, owner, prop, nested)
        if "allOf" in schema:
            return self.java_type(schema["allOf"][0], owner, prop, nested)
        kind = schema.get("type")
        if kind == "string":
            return "String"
        if kind == "integer":
            return "Integer" if schema.get("format") == "int32" else "Long"
        if kind == "number":
            return "Double"
        if kind == "boolean":
            return "Boolean"
        if kind == "array":
            item = self.java_type(schema.get("items", {}), owner, prop + "Item", nested)
            return "List<" + item + ">"
        if kind == "object" or "properties" in schema or "additionalProperties" in schema:
            if "properties" in schema:
                name = type_name(prop)
                nested.append((name, [schema]))
                return name
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                return "Map<String, " + self.java_type(extra, owner, prop + "Value", nested) + ">"
            return "Map<String, Object>"
        return "JsonNode"

    def record(self, name, schema_versions, indent, is_nested, source):
        props = self.properties(schema_versions)
        nested = []
        components = []
        for json_key, schema in props.items():
            jtype = self.java_type(schema, name, json_key, nested)
            components.append((json_key, java_name(json_key), jtype))
        pad = " " * indent
        out = []
        if not is_nested:
            out.append(f"/** swagger: {source}. Generated by tools/gen-api-model.py; do not edit. */")
        else:
            out.append(f"{pad}/** swagger: inline object {source}. */")
        inclusion = "NON_NULL" if name in OMIT_NULLS else "ALWAYS"
        out.append(f"{pad}@JsonInclude(JsonInclude.Include.{inclusion})")
        out.append(f"{pad}public {'static ' if False else ''}record {name}(")
        lines = []
        for json_key, jname, jtype in components:
            omit = "@JsonInclude(JsonInclude.Include.NON_NULL) " if json_key in OMIT_NULL_FIELDS.get(name, ()) else ""
            lines.append(f'{pad}        {omit}@JsonProperty("{json_key}") {jtype} {jname}')
        out.append(",\n".join(lines) + ") {")
        out.append("")
        out.append(f"{pad}    public static Builder builder() {{")
        out.append(f"{pad}        return new Builder();")
        out.append(f"{pad}    }}")
        out.append("")
        out.append(f"{pad}    public Builder toBuilder() {{")
        out.append(f"{pad}        var b = new Builder();")
        for _, jname, _ in components:
            out.append(f"{pad}        b.{jname} = {jname};")
        out.append(f"{pad}        return b;")
        out.append(f"{pad}    }}")
        out.append("")
        out.append(f"{pad}    public static final class Builder {{")
        for _, jname, jtype in components:
            out.append(f"{pad}        private {jtype} {jname};")
        out.append("")
        out.append(f"{pad}        private Builder() {{}}")
        for _, jname, jtype in components:
            out.append("")
            out.append(f"{pad}        public Builder {jname}({jtype} value) {{")
            out.append(f"{pad}            this.{jname} = value;")
            out.append(f"{pad}            return this;")
            out.append(f"{pad}        }}")
        out.append("")
        out.append(f"{pad}        public {name} build() {{")
        args = ", ".join(jname for _, jname, _ in components)
        out.append(f"{pad}            return new {name}({args});")
        out.append(f"{pad}        }}")
        out.append(f"{pad}    }}")
        for nested_name, nested_versions in nested:
            out.append("")
            out.append(self.record(nested_name, nested_versions, indent + 4, True, source + "." + nested_name))
        out.append(f"{pad}}}")
        return "\n".join(out)

    def run(self, out_dir):
        written = []
        while self.todo:
            name = self.todo.pop(0)
            if name in self.done:
                continue
            self.done.add(name)
            body = self.record(name, self.defs[name], 0, False, "definitions/" + name)
            imports = ["com.fasterxml.jackson.annotation.JsonInclude",
                       "com.fasterxml.jackson.annotation.JsonProperty"]
            if "JsonNode" in body:
                imports.append("com.fasterxml.jackson.databind.JsonNode")
            if "List<" in body:
                imports.append("java.util.List")
            if "Map<" in body:
                imports.append("java.util.Map")
            text = "package io.berth.api.model;\n\n" + "".join(f"import {i};\n" for i in imports) + "\n" + body + "\n"
            with open(os.path.join(out_dir, name + ".java"), "w") as f:
                f.write(text)
            written.append(name)
        return written


def main():
    spec_dir = sys.argv[1] if len(sys.argv) > 1 else "../shared/specs/docker-engine-api"
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.join(here, "..", "berth-api-model", "src", "main", "java", "io", "berth", "api", "model")
    os.makedirs(out_dir, exist_ok=True)
    written = Generator(load(spec_dir)).run(out_dir)
    print("generated", len(written), "records:", " ".join(sorted(written)))


if __name__ == "__main__":
    main()
