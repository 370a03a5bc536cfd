package io.ganglion.profiles.codec;

import java.util.List;

/**
 * The declared paths of a JSON or CBOR codec as a tree of keys, built once per profile so that a decode compares
 * each key of a payload with the few names expected at its depth, and never splits a path string.
 */
final class PathTree {
    /** {@link Node#target} of the node that holds the timestamp. */
    static final int TIMESTAMP = -2;
    /** {@link Node#target} of an inner node: an object or array on the way to a value. */
    static final int INNER = -1;

    /** One key of a path. Immutable once {@link #compile} returns. */
    static final class Node {
        private static final Node[] NONE = new Node[0];

        /** The key, interned: Jackson interns the keys it reads, so most comparisons end at the identity check. */
        final String key;
        /** The array position the key names when its parent turns out to be an array, or -1. */
        final int index;
        /** The whole dotted path, for messages. */
        final String path;
        /** The field slot of a value, {@link #TIMESTAMP}, or {@link #INNER}. */
        final int target;
        private Node[] children = NONE;
        private boolean hasIndexChild;

        private Node(String key, String path, int target) {
            this.key = key.intern();
            this.index = DotPath.index(key);
            this.path = path;
            this.target = target;
        }

        Node child(String name) {
            for (Node child : children) {
                if (child.key.equals(name)) {
                    return child;
                }
            }
            return null;
        }

        Node childAt(int position) {
            for (Node child : children) {
                if (child.index == position) {
                    return child;
                }
            }
            return null;
        }

        Node[] children() {
            return children;
        }

        boolean isValue() {
            return target != INNER;
        }

        /** Whether an array may stand here: some key below is a position. */
        boolean acceptsArray() {
            return hasIndexChild;
        }

        /** Whether encode writes an array here: every key below is a position. */
        boolean writesArray() {
            if (children.length == 0) {
                return false;
            }
            for (Node child : children) {
                if (child.index < 0) {
                    return false;
                }
            }
            return true;
        }

        private Node addChild(String segment, String childPath, int childTarget) {
            Node existing = child(segment);
            if (existing != null) {
                return existing;
            }
            Node created = new Node(segment, childPath, childTarget);
            Node[] grown = new Node[children.length + 1];
            System.arraycopy(children, 0, grown, 0, children.length);
            grown[children.length] = created;
            children = grown;
            hasIndexChild |= created.index >= 0;
            return created;
        }
    }

    private PathTree() {
    }

    /**
     * @param fieldPaths    the field paths by slot; {@link CodecSpec} has checked that no path is inside another
     * @param timestampPath the timestamp's path, or {@code null}
     * @return the root, which stands for the top-level object
     */
    static Node compile(List<String> fieldPaths, String timestampPath) {
        Node root = new Node("", "", INNER);
        // The timestamp first, so that encode writes it first, where devices and people put it.
        if (timestampPath != null) {
            add(root, timestampPath, TIMESTAMP);
        }
        for (int slot = 0; slot < fieldPaths.size(); slot++) {
            add(root, fieldPaths.get(slot), slot);
        }
        return root;
    }

    private static void add(Node root, String fullPath, int target) {
        List<String> segments = DotPath.segments(fullPath);
        Node node = root;
        StringBuilder path = new StringBuilder();
        for (int depth = 0; depth < segments.size(); depth++) {
            path.append(depth == 0 ? "" : ".").append(segments.get(depth));
            boolean last = depth == segments.size() - 1;
            node = node.addChild(segments.get(depth), path.toString(), last ? target : INNER);
        }
    }
}
