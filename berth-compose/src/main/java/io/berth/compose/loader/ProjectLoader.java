package io.berth.compose.loader;

import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads a project as Compose does: finds the files, reads {@code .env}, then for each file parses,
 * interpolates, validates against the schema and resolves {@code extends}; merges the files in
 * order, brings in {@code include}d projects, drops services whose profiles are off, puts the model
 * in canonical form ({@link Normalizer}) and checks that what it names exists ({@link Checks}).
 */
public final class ProjectLoader {
    /** The names Compose looks for, in its order; each with the override file that goes with it. */
    static final List<String> DEFAULT_FILES = List.of("compose.yaml", "compose.yml", "docker-compose.yml",
            "docker-compose.yaml");
    private static final Pattern PROJECT_NAME = Pattern.compile("^[a-z0-9][a-z0-9_-]*$");

    private final LoadOptions options;
    private final List<String> warnings = new ArrayList<>();
    private final Set<String> unsetVariables = new LinkedHashSet<>();
    private final Optional<String> stdin;

    private ProjectLoader(LoadOptions options, Optional<String> stdin) {
        this.options = options;
        this.stdin = stdin;
    }

    public static Project load(LoadOptions options) {
        return new ProjectLoader(options, Optional.empty()).load();
    }

    /** Like {@link #load}, with {@code -f -} read from {@code stdin}. */
    public static Project load(LoadOptions options, String stdin) {
        return new ProjectLoader(options, Optional.of(stdin)).load();
    }

    private Project load() {
        Path cwd = options.workingDirectory();
        Map<String, String> osEnv = options.environment();
        // COMPOSE_FILE may come from a .env in the project directory given on the command line (or here)
        Path envDir = options.projectDirectory().map(cwd::resolve).orElse(cwd).normalize();
        Map<String, String> earlyDotEnv = options.envFiles().isEmpty() ? dotEnv(envDir.resolve(".env"), osEnv, false)
                : Map.of();
        List<Path> files = files(cwd, lookup(osEnv, earlyDotEnv));
        Path projectDir = options.projectDirectory().map(cwd::resolve)
                .orElseGet(() -> files.getFirst().toString().equals("-") ? cwd : files.getFirst().getParent())
                .normalize();
        Map<String, String> dotEnv = new LinkedHashMap<>();
        if (options.envFiles().isEmpty()) {
            dotEnv.putAll(dotEnv(projectDir.resolve(".env"), osEnv, false));
        } else {
            for (Path f : options.envFiles()) {
                dotEnv.putAll(dotEnv(cwd.resolve(f), merged(osEnv, dotEnv), true));
            }
        }
        Map<String, String> env = merged(dotEnv, osEnv);

        Map<String, Object> model = new LinkedHashMap<>();
        for (Path file : files) {
            Map<String, Object> one = file(file, env, projectDir, new ArrayList<>());
            model = Merge.files(model, one);
        }
        model = (Map<String, Object>) Merge.strip(model);
        include(model, projectDir, env);

        String name = projectName(model, projectDir, env);
        env.putIfAbsent("COMPOSE_PROJECT_NAME", name);
        model.remove("name");
        model.remove("version");
        profiles(model, env);

        var normalizer = new Normalizer(name, projectDir, env, warnings);
        Map<String, Object> canonical = normalizer.project(model);
        Checks.project(canonical);
        unsetVariables.forEach(v -> warnings.add("The \"" + v + "\" variable is not set. Defaulting to a blank string."));
        return new Project(name, projectDir, files.stream().map(p -> p.toString().equals("-") ? p : p.toAbsolutePath())
                .toList(), env, canonical, List.copyOf(warnings));
    }

    /** The files: {@code -f}, else {@code COMPOSE_FILE}, else the first default name found here or above, with its override. */
    private List<Path> files(Path cwd, java.util.function.Function<String, Optional<String>> env) {
        if (!options.files().isEmpty()) {
            var out = new ArrayList<Path>();
            for (Path f : options.files()) {
                if (f.toString().equals("-")) {
                    out.add(f);
                    continue;
                }
                Path abs = cwd.resolve(f).normalize();
                if (!Files.exists(abs)) {
                    throw new InvalidArgumentException("open " + abs + ": no such file or directory");
                }
                out.add(abs);
            }
            return out;
        }
        Optional<String> composeFile = env.apply("COMPOSE_FILE").filter(s -> !s.isEmpty());
        if (composeFile.isPresent()) {
            String sep = env.apply("COMPOSE_PATH_SEPARATOR").filter(s -> !s.isEmpty()).orElse(":");
            var out = new ArrayList<Path>();
            for (String f : composeFile.get().split(Pattern.quote(sep))) {
                Path abs = cwd.resolve(f).normalize();
                if (!Files.exists(abs)) {
                    throw new InvalidArgumentException("open " + abs + ": no such file or directory");
                }
                out.add(abs);
            }
            return out;
        }
        Path dir = options.projectDirectory().map(cwd::resolve).orElse(cwd).normalize();
        for (Path d = dir; d != null; d = d.getParent()) {
            var found = new ArrayList<String>();
            for (String n : DEFAULT_FILES) {
                if (Files.isRegularFile(d.resolve(n))) {
                    found.add(n);
                }
            }
            if (!found.isEmpty()) {
                if (found.size() > 1) {
                    warnings.add("Found multiple config files with supported names: "
                            + String.join(", ", found.stream().map(d::resolve).map(Path::toString).toList())
                            + "\nUsing " + d.resolve(found.getFirst()));
                }
                String main = found.getFirst();
                var out = new ArrayList<Path>();
                out.add(d.resolve(main));
                String stem = main.substring(0, main.lastIndexOf('.'));
                for (String ext : List.of(".yaml", ".yml")) {
                    Path override = d.resolve(stem + ".override" + ext);
                    if (Files.isRegularFile(override)) {
                        out.add(override);
                        break;
                    }
                }
                return out;
            }
        }
        throw new InvalidArgumentException("no configuration file provided: not found");
    }

    /** One file: parsed, interpolated, validated, its {@code extends} resolved. */
    private Map<String, Object> file(Path file, Map<String, String> env, Path projectDir, List<String> extendsChain) {
        String text;
        String display = file.toString();
        if (display.equals("-")) {
            text = stdin.orElse("");
        } else {
            text = read(file);
        }
        Map<String, Object> raw = ComposeYaml.parse(text, display);
        Object version = raw.remove("version");
        if (version != null) {
            warnings.add(display + ": the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion");
        }
        Map<String, Object> model = raw;
        if (options.interpolate()) {
            @SuppressWarnings("unchecked")
            var interpolated = (Map<String, Object>) new Interpolation(k -> Optional.ofNullable(env.get(k)),
                    unsetVariables::add).tree(raw, "");
            model = interpolated;
        }
        SchemaCheck.validate((Map<String, Object>) Merge.strip(model), display);
        Path dir = display.equals("-") ? options.workingDirectory() : file.getParent();
        resolveExtends(model, display, dir, projectDir, env, extendsChain);
        return model;
    }

    @SuppressWarnings("unchecked")
    private void resolveExtends(Map<String, Object> model, String file, Path fileDir, Path projectDir,
                                Map<String, String> env, List<String> chain) {
        Object servicesObj = model.get("services");
        if (!(servicesObj instanceof Map<?, ?>)) {
            return;
        }
        var services = (Map<String, Object>) servicesObj;
        var done = new HashSet<String>();
        for (String name : List.copyOf(services.keySet())) {
            services.put(name, extended(services, name, file, fileDir, projectDir, env, chain, done));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> extended(Map<String, Object> services, String name, String file, Path fileDir,
                                         Path projectDir, Map<String, String> env, List<String> chain, Set<String> done) {
        Object o = services.get(name);
        if (!(o instanceof Map<?, ?>)) {
            return o == null ? new LinkedHashMap<>() : (Map<String, Object>) o;
        }
        var service = (Map<String, Object>) o;
        if (done.contains(name) || !service.containsKey("extends")) {
            return service;
        }
        String key = file + "#" + name;
        if (chain.contains(key)) {
            throw new InvalidArgumentException("Circular reference with extends: " + String.join(" -> ",
                    chain.stream().map(k -> k.substring(k.indexOf('#') + 1)).toList()) + " -> " + name);
        }
        var nextChain = new ArrayList<>(chain);
        nextChain.add(key);
        Object ext = service.get("extends");
        String baseName;
        Optional<String> baseFile = Optional.empty();
        if (ext instanceof Map<?, ?> m) {
            baseName = String.valueOf(m.get("service"));
            if (m.get("file") != null) {
                baseFile = Optional.of(String.valueOf(m.get("file")));
            }
        } else {
            baseName = String.valueOf(ext);
        }
        Map<String, Object> base;
        if (baseFile.isEmpty()) {
            if (!services.containsKey(baseName)) {
                throw new InvalidArgumentException("cannot extend service \"" + name + "\" in " + file + ": service \""
                        + baseName + "\" not found");
            }
            base = extended(services, baseName, file, fileDir, projectDir, env, nextChain, done);
        } else {
            Path other = fileDir.resolve(baseFile.get()).normalize();
            Map<String, Object> otherModel = file(other, env, projectDir, nextChain);
            Object otherServices = otherModel.get("services");
            if (!(otherServices instanceof Map<?, ?> os) || !os.containsKey(baseName)) {
                throw new InvalidArgumentException("cannot extend service \"" + name + "\" in " + file + ": service \""
                        + baseName + "\" not found in " + other);
            }
            base = Paths.rebase((Map<String, Object>) os.get(baseName), other.getParent(), projectDir);
        }
        var own = new LinkedHashMap<>(service);
        own.remove("extends");
        var baseCopy = new LinkedHashMap<>(base);
        baseCopy.remove("extends");
        Map<String, Object> result = Merge.service(baseCopy, own);
        services.put(name, result);
        done.add(name);
        return result;
    }

    /** {@code include}: each listed project loaded on its own, its resources added to this one's. */
    @SuppressWarnings("unchecked")
    private void include(Map<String, Object> model, Path projectDir, Map<String, String> env) {
        Object inc = model.remove("include");
        if (!(inc instanceof List<?> list)) {
            return;
        }
        for (Object item : list) {
            List<String> paths = new ArrayList<>();
            Optional<String> dir = Optional.empty();
            List<String> envFiles = new ArrayList<>();
            if (item instanceof Map<?, ?> m) {
                Object p = m.get("path");
                if (p instanceof List<?> pl) {
                    pl.forEach(x -> paths.add(String.valueOf(x)));
                } else {
                    paths.add(String.valueOf(p));
                }
                if (m.get("project_directory") != null) {
                    dir = Optional.of(String.valueOf(m.get("project_directory")));
                }
                Object ef = m.get("env_file");
                if (ef instanceof List<?> el) {
                    el.forEach(x -> envFiles.add(String.valueOf(x)));
                } else if (ef != null) {
                    envFiles.add(String.valueOf(ef));
                }
            } else {
                paths.add(String.valueOf(item));
            }
            List<Path> files = paths.stream().map(p -> projectDir.resolve(p).normalize()).toList();
            for (Path f : files) {
                if (!Files.exists(f)) {
                    throw new InvalidArgumentException("open " + f + ": no such file or directory");
                }
            }
            Path incDir = dir.map(d -> projectDir.resolve(d).normalize()).orElse(files.getFirst().getParent());
            Map<String, String> incEnv = new LinkedHashMap<>(options.environment());
            Map<String, String> incDotEnv = new LinkedHashMap<>();
            if (envFiles.isEmpty()) {
                incDotEnv.putAll(dotEnv(incDir.resolve(".env"), options.environment(), false));
            } else {
                for (String f : envFiles) {
                    incDotEnv.putAll(dotEnv(projectDir.resolve(f), options.environment(), true));
                }
            }
            incEnv = merged(merged(env, incDotEnv), options.environment());
            Map<String, Object> included = new LinkedHashMap<>();
            for (Path f : files) {
                included = Merge.files(included, file(f, incEnv, incDir, new ArrayList<>()));
            }
            included = (Map<String, Object>) Merge.strip(included);
            include(included, incDir, incEnv);
            included = Paths.absolute(included, incDir, incEnv);
            for (String section : List.of("services", "networks", "volumes", "secrets", "configs")) {
                Object add = included.get(section);
                if (!(add instanceof Map<?, ?> addMap)) {
                    continue;
                }
                var target = (Map<String, Object>) model.computeIfAbsent(section, _ -> new LinkedHashMap<String, Object>());
                if (target == null) {
                    target = new LinkedHashMap<>();
                    model.put(section, target);
                }
                for (var e : ((Map<String, Object>) addMap).entrySet()) {
                    if (target.containsKey(e.getKey()) && !java.util.Objects.equals(target.get(e.getKey()), e.getValue())) {
                        throw new InvalidArgumentException(section + "." + e.getKey()
                                + " conflicts with imported resource");
                    }
                    target.put(e.getKey(), e.getValue());
                }
            }
        }
    }

    private String projectName(Map<String, Object> model, Path projectDir, Map<String, String> env) {
        if (options.projectName().isPresent()) {
            return checkedName(options.projectName().get());
        }
        String fromEnv = env.get("COMPOSE_PROJECT_NAME");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return checkedName(fromEnv);
        }
        Object fromFile = model.get("name");
        if (fromFile != null && !String.valueOf(fromFile).isEmpty()) {
            return checkedName(String.valueOf(fromFile));
        }
        Path base = projectDir.getFileName();
        String name = normalizeName(base == null ? "" : base.toString());
        if (name.isEmpty()) {
            throw new InvalidArgumentException("project name must not be empty");
        }
        return name;
    }

    static String checkedName(String name) {
        if (!PROJECT_NAME.matcher(name).matches()) {
            throw new InvalidArgumentException("invalid project name \"" + name + "\": must consist only of lowercase "
                    + "alphanumeric characters, hyphens, and underscores as well as start with a letter or number");
        }
        return name;
    }

    /** A directory's name as a project name: lower case, only {@code [a-z0-9_-]}, starting with a letter or digit. */
    static String normalizeName(String s) {
        String lower = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        return lower.replaceFirst("^[_-]+", "");
    }

    /** Removes services whose profiles are all off (unless named on the command line). */
    @SuppressWarnings("unchecked")
    private void profiles(Map<String, Object> model, Map<String, String> env) {
        Object s = model.get("services");
        if (!(s instanceof Map<?, ?> services)) {
            return;
        }
        var active = new HashSet<>(options.profiles());
        String fromEnv = env.get("COMPOSE_PROFILES");
        if (options.profiles().isEmpty() && fromEnv != null && !fromEnv.isBlank()) {
            for (String p : fromEnv.split(",")) {
                active.add(p.strip());
            }
        }
        for (String name : options.services()) {
            if (!services.containsKey(name)) {
                throw new InvalidArgumentException("no such service: " + name);
            }
        }
        ((Map<String, Object>) services).entrySet().removeIf(e -> {
            if (!(e.getValue() instanceof Map<?, ?> svc) || !(svc.get("profiles") instanceof List<?> profiles)
                    || profiles.isEmpty()) {
                return false;
            }
            if (active.contains("*") || options.services().contains(e.getKey())) {
                return false;
            }
            return profiles.stream().noneMatch(p -> active.contains(String.valueOf(p)));
        });
    }

    private Map<String, String> dotEnv(Path file, Map<String, String> env, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new InvalidArgumentException("Couldn't find env file: " + file);
            }
            return Map.of();
        }
        return DotEnv.read(file, k -> Optional.ofNullable(env.get(k)));
    }

    private static java.util.function.Function<String, Optional<String>> lookup(Map<String, String> osEnv,
                                                                                 Map<String, String> dotEnv) {
        return k -> Optional.ofNullable(osEnv.containsKey(k) ? osEnv.get(k) : dotEnv.get(k));
    }

    private static Map<String, String> merged(Map<String, String> base, Map<String, String> over) {
        var out = new LinkedHashMap<>(base);
        out.putAll(over);
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidArgumentException("open " + file + ": no such file or directory");
        } catch (IOException e) {
            throw new InvalidArgumentException("open " + file + ": " + e.getMessage());
        }
    }
}
