package io.berth.cli.command.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.command.container.Sizes;
import io.berth.common.NotFoundException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth image tree [--incremental] [IMAGE]}: the layers of all images as one tree (layers
 * that images share are drawn once, as dockviz does), or one image's layers as {@code podman image
 * tree} lists them. A layer is named by the first 12 hex digits of its chain ID; its size is the
 * image's size up to and including it, or with {@code --incremental} the layer's own size.
 */
@Command(name = "tree", description = "Show the layer hierarchy of images")
public final class ImageTreeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--incremental", description = "Show each layer's own size instead of the size up to it")
    boolean incremental;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "0..1", paramLabel = "IMAGE")
    String image;

    /** One layer of the tree: its chain ID, own size, cumulative size, the images it tops, the layers on it. */
    static final class Node {
        final String chainId;
        final long size;
        final long total;
        final List<String> topOf = new ArrayList<>();
        final Map<String, Node> children = new LinkedHashMap<>();

        Node(String chainId, long size, long total) {
            this.chainId = chainId;
            this.size = size;
            this.total = total;
        }
    }

    @Override
    public Integer call() {
        var client = BerthCommands.root(spec).client();
        JsonNode images = client.system().imageLayers();
        var out = spec.commandLine().getOut();
        if (image != null) {
            String id = client.images().inspect(image).id();
            for (JsonNode i : images) {
                if (i.path("id").asText().equals(id)) {
                    printOne(i, images, out);
                    out.flush();
                    return 0;
                }
            }
            throw NotFoundException.image(image);
        }
        out.print(render(build(images), incremental));
        out.flush();
        return 0;
    }

    /** The forest of all images' layers, roots in the order images were made. */
    static Map<String, Node> build(JsonNode images) {
        var roots = new LinkedHashMap<String, Node>();
        for (JsonNode image : images) {
            Map<String, Node> level = roots;
            Node node = null;
            long total = 0;
            for (JsonNode layer : image.path("layers")) {
                long size = layer.path("size").asLong();
                total += size;
                String chain = layer.path("chainId").asText();
                long cumulative = total;
                node = level.computeIfAbsent(chain, c -> new Node(c, size, cumulative));
                level = node.children;
            }
            if (node != null) {
                node.topOf.add(label(image));
            }
        }
        return roots;
    }

    private static String label(JsonNode image) {
        var tags = new ArrayList<String>();
        image.path("tags").forEach(t -> tags.add(t.asText()));
        return tags.isEmpty() ? "<none> " + shortId(image.path("id").asText()) : String.join(", ", tags);
    }

    static String render(Map<String, Node> roots, boolean incremental) {
        var text = new StringBuilder();
        var list = new ArrayList<>(roots.values());
        for (int i = 0; i < list.size(); i++) {
            renderNode(list.get(i), "", i == list.size() - 1, incremental, text);
        }
        return text.toString();
    }

    private static void renderNode(Node node, String prefix, boolean last, boolean incremental, StringBuilder text) {
        text.append(prefix).append(last ? "└── " : "├── ").append(line(node, incremental)).append('\n');
        var children = new ArrayList<>(node.children.values());
        for (int i = 0; i < children.size(); i++) {
            renderNode(children.get(i), prefix + (last ? "    " : "│   "), i == children.size() - 1, incremental, text);
        }
    }

    private static String line(Node node, boolean incremental) {
        String text = "ID: " + shortId(node.chainId) + " Size: " + Sizes.humanSize(incremental ? node.size : node.total);
        if (!node.topOf.isEmpty()) {
            text += " Top Layer of: [" + String.join(", ", node.topOf) + "]";
        }
        return text;
    }

    /** One image: podman's header, then its layers bottom first, each with the images it tops. */
    private void printOne(JsonNode image, JsonNode all, PrintWriter out) {
        var tags = new ArrayList<String>();
        image.path("tags").forEach(t -> tags.add(t.asText()));
        long total = 0;
        for (JsonNode layer : image.path("layers")) {
            total += layer.path("size").asLong();
        }
        out.println("Image ID: " + shortId(image.path("id").asText()));
        out.println("Tags:     [" + String.join(" ", tags) + "]");
        out.println("Size:     " + Sizes.humanSize(total));
        out.println("Image Layers");
        var layers = new ArrayList<JsonNode>();
        image.path("layers").forEach(layers::add);
        long cumulative = 0;
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            long size = layer.path("size").asLong();
            cumulative += size;
            String chain = layer.path("chainId").asText();
            var topOf = new ArrayList<String>();
            for (JsonNode other : all) {
                JsonNode otherLayers = other.path("layers");
                if (!otherLayers.isEmpty() && otherLayers.get(otherLayers.size() - 1).path("chainId").asText().equals(chain)
                        && !other.path("tags").isEmpty()) {
                    topOf.add(label(other));
                }
            }
            String text = (i == layers.size() - 1 ? "└── " : "├── ") + "ID: " + shortId(chain) + " Size: "
                    + Sizes.humanSize(incremental ? size : cumulative);
            if (!topOf.isEmpty()) {
                text += " Top Layer of: [" + String.join(", ", topOf) + "]";
            }
            out.println(text);
        }
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
