package io.datasurface.model.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.datasurface.model.Datastore;
import io.datasurface.model.DsgMapping;
import io.datasurface.model.Ecosystem;
import io.datasurface.model.GovernanceZone;
import io.datasurface.model.Model;
import io.datasurface.model.Workspace;
import io.datasurface.model.json.Json;
import io.datasurface.model.load.ModelLimits.Limits;
import io.datasurface.model.problem.Location;
import io.datasurface.model.problem.Problems;
import io.datasurface.model.problem.Suggest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads a model folder: every {@code *.yaml} and {@code *.yml} below the root (hidden folders such as
 * {@code .git} skipped), one object per YAML document, plus {@code dsg_platform_mapping.json} at the
 * root. Never throws on bad model content: every problem is reported with its file and line. Sizes are
 * checked before anything is parsed ({@link ModelLimits}): a model over its limits is reported as such
 * and nothing of it is read; a file over its limits is reported and none of its objects are used.
 */
public final class ModelLoader {
    static final String KIND_ECOSYSTEM = "Ecosystem";
    static final String KIND_ZONE = "GovernanceZone";
    static final String KIND_DATASTORE = "Datastore";
    static final String KIND_WORKSPACE = "Workspace";
    private static final List<String> KINDS = List.of(KIND_ECOSYSTEM, KIND_ZONE, KIND_DATASTORE, KIND_WORKSPACE);

    private ModelLoader() {
    }

    /**
     * Loads the model below {@code root}.
     *
     * @throws UncheckedIOException when the folder itself cannot be listed
     * @throws IllegalArgumentException when {@code root} is not a folder
     */
    public static LoadResult load(Path root) {
        return load(root, Limits.DEFAULT);
    }

    /** Loads the model below {@code root} within {@code limits} (smaller ones in tests). */
    static LoadResult load(Path root, Limits limits) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("model folder " + root + " does not exist or is not a folder");
        }
        List<Path> files = modelFiles(root);
        Problems problems = new Problems();
        if (ModelSize.modelTooLarge(root, files, limits, problems)) {
            return empty(problems);
        }
        AtomicLong nodes = new AtomicLong();
        List<FileContent> contents = files.parallelStream().map(f -> readFile(root, f, limits, nodes)).toList();
        if (ModelSize.tooManyNodes(nodes.get(), limits, problems)) {
            return empty(problems);
        }

        List<Ecosystem> ecosystems = new ArrayList<>();
        List<GovernanceZone> zones = new ArrayList<>();
        List<Datastore> stores = new ArrayList<>();
        List<Workspace> workspaces = new ArrayList<>();
        for (FileContent c : contents) {
            problems.addAll(c.problems.sorted());
            for (Object o : c.objects) {
                if (o instanceof Ecosystem e) {
                    ecosystems.add(e);
                } else if (o instanceof GovernanceZone z) {
                    zones.add(z);
                } else if (o instanceof Datastore d) {
                    stores.add(d);
                } else if (o instanceof Workspace w) {
                    workspaces.add(w);
                }
            }
        }
        if (ecosystems.isEmpty()) {
            problems.error(Location.ofFile("."), "missing-ecosystem",
                    "the model has no 'kind: Ecosystem' document; add one (e.g. ecosystem.yaml) declaring zones, "
                            + "containers and platforms");
        }
        for (Ecosystem extra : ecosystems.subList(Math.min(1, ecosystems.size()), ecosystems.size())) {
            problems.error(extra.at(), "duplicate-name", "a model has exactly one Ecosystem; another is at "
                    + ecosystems.get(0).at());
        }
        List<DsgMapping> mappings = readMapping(root, limits, problems);
        Model model = new Model(ecosystems.isEmpty() ? null : ecosystems.get(0), zones, stores, workspaces, mappings);
        return new LoadResult(model, problems.sorted());
    }

    /** A model of nothing, with the problem that says why. */
    private static LoadResult empty(Problems problems) {
        return new LoadResult(new Model(null, List.of(), List.of(), List.of(), List.of()), problems.sorted());
    }

    private static List<Path> modelFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !isHidden(root, p))
                    .filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".yaml") || n.endsWith(".yml");
                    })
                    .sorted(Comparator.comparing(p -> relative(root, p)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model folder " + root + ": " + e.getMessage(), e);
        }
    }

    private static boolean isHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** What one file holds: its objects and its problems. */
    private record FileContent(List<Object> objects, Problems problems) {
    }

    /**
     * Reads one file, adding its YAML nodes to {@code nodes}, the count of the whole model; once that is
     * over the model's limit, the model is refused whatever else it holds, so files are no longer read.
     */
    private static FileContent readFile(Path root, Path file, Limits limits, AtomicLong nodes) {
        String rel = relative(root, file);
        Problems problems = new Problems();
        List<Object> objects = new ArrayList<>();
        if (nodes.get() > limits.modelNodes()) {
            return new FileContent(objects, problems);
        }
        String text = readText(file, rel, limits, problems);
        if (text == null || ModelSize.longLine(text, rel, limits, problems)) {
            return new FileContent(objects, problems);
        }
        try {
            int documents = 0;
            for (Node doc : yaml().composeAll(new StringReader(text))) {
                if (doc == null) {
                    continue;
                }
                if (++documents > limits.documentsPerFile()) {
                    ModelSize.tooManyDocuments(YamlMap.line(doc), rel, limits, problems);
                    return new FileContent(List.of(), problems);
                }
                AliasCheck.Result check = AliasCheck.check(doc, rel);
                if (nodes.addAndGet(check.nodes()) > limits.modelNodes()) {
                    return new FileContent(List.of(), problems);
                }
                if (check.reuse().isPresent()) {
                    problems.error(check.reuse().get().at(), "yaml-alias", check.reuse().get().message());
                    continue;
                }
                if (doc instanceof ScalarNode s && Tag.NULL.equals(s.getTag())) {
                    continue; // an empty document, e.g. after a trailing '---'
                }
                Object o = readDocument(doc, rel, problems);
                if (o != null) {
                    objects.add(o);
                }
            }
        } catch (MarkedYAMLException e) {
            problems.error(new Location(rel, e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1),
                    "yaml-syntax", syntaxMessage(e));
        } catch (YAMLException e) {
            ModelSize.parserError(e, rel, problems);
        }
        return new FileContent(objects, problems);
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        StringBuilder sb = new StringBuilder("YAML syntax error: ");
        if (e.getContext() != null) {
            sb.append(e.getContext());
            if (e.getContextMark() != null && e.getProblemMark() != null
                    && e.getContextMark().getLine() != e.getProblemMark().getLine()) {
                sb.append(" (from line ").append(e.getContextMark().getLine() + 1).append(')');
            }
            sb.append(", ");
        }
        sb.append(e.getProblem() == null ? "cannot parse" : e.getProblem());
        if (e.getProblemMark() != null) {
            sb.append(" (column ").append(e.getProblemMark().getColumn() + 1).append(')');
        }
        return sb.toString();
    }

    private static String readText(Path file, String rel, Limits limits, Problems problems) {
        try {
            if (ModelSize.fileTooLarge(Files.size(file), rel, limits, problems)) {
                return null;
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.error(Location.ofFile(rel), "yaml-syntax", "file is not valid UTF-8; save it as UTF-8");
        } catch (IOException e) {
            problems.error(Location.ofFile(rel), "unreadable-file", "cannot read file: " + e.getMessage());
        }
        return null;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by YamlMap with both lines
        options.setMaxAliasesForCollections(ModelLimits.MAX_COLLECTION_ALIASES);
        options.setCodePointLimit((int) ModelLimits.MAX_FILE_BYTES);
        options.setNestingDepthLimit(ModelLimits.MAX_NESTING_DEPTH);
        return new Yaml(options);
    }

    private static Object readDocument(Node doc, String file, Problems problems) {
        if (!(doc instanceof MappingNode mapping)) {
            problems.error(new Location(file, YamlMap.line(doc)), "yaml-shape",
                    "each YAML document must be a mapping starting with 'kind:'");
            return null;
        }
        String kind = null;
        for (var tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals("kind")) {
                if (tuple.getValueNode() instanceof ScalarNode v) {
                    kind = v.getValue();
                    break;
                }
                problems.error(new Location(file, YamlMap.line(tuple.getValueNode())), "yaml-shape",
                        "'kind' must be a single word, one of " + String.join(", ", KINDS));
                return null;
            }
        }
        if (kind == null) {
            problems.error(new Location(file, YamlMap.line(doc)), "missing-kind",
                    "document has no 'kind:'; start it with kind: one of " + String.join(", ", KINDS));
            return null;
        }
        return switch (kind) {
            case KIND_ECOSYSTEM -> EcosystemReader.read(open(doc, file, kind, EcosystemReader.KEYS, problems));
            case KIND_ZONE -> ZoneReader.read(open(doc, file, kind, ZoneReader.KEYS, problems));
            case KIND_DATASTORE -> DatastoreReader.read(open(doc, file, kind, DatastoreReader.KEYS, problems));
            case KIND_WORKSPACE -> WorkspaceReader.read(open(doc, file, kind, WorkspaceReader.KEYS, problems));
            default -> {
                problems.error(new Location(file, YamlMap.line(doc)), "unknown-kind", "unknown kind '" + kind + "'"
                        + Suggest.didYouMean(kind, KINDS) + "; use one of " + String.join(", ", KINDS));
                yield null;
            }
        };
    }

    private static YamlMap open(Node doc, String file, String kind, Set<String> keys, Problems problems) {
        return YamlMap.open(doc, file, kind, keys, problems);
    }

    private static List<DsgMapping> readMapping(Path root, Limits limits, Problems problems) {
        Path file = root.resolve(Model.MAPPING_FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        String text = readText(file, Model.MAPPING_FILE, limits, problems);
        if (text == null) {
            return List.of();
        }
        try {
            // strict JSON first: the YAML parser below would accept comments, single quotes and trailing commas
            Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.error(new Location(Model.MAPPING_FILE, Math.max(line, 0)), "json-syntax",
                    "JSON syntax error: " + e.getOriginalMessage());
            return List.of();
        }
        try {
            // JSON forbids raw tabs inside strings, so tabs are only whitespace; YAML rejects them as indentation.
            Node node = yaml().compose(new StringReader(text.replace('\t', ' ')));
            if (node == null) {
                return List.of();
            }
            return MappingReader.read(node, Model.MAPPING_FILE, problems);
        } catch (MarkedYAMLException e) {
            problems.error(new Location(Model.MAPPING_FILE, e.getProblemMark() == null ? 0
                    : e.getProblemMark().getLine() + 1), "json-syntax", syntaxMessage(e).replace("YAML", "JSON"));
        } catch (YAMLException e) {
            problems.error(Location.ofFile(Model.MAPPING_FILE), "json-syntax", "JSON error: " + e.getMessage());
        }
        return List.of();
    }
}
