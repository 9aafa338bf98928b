package io.berth.runtime;

/**
 * The OCI runtime refused to create or start a container. The message follows Docker's wording
 * ({@code failed to create task for container: … exec: "foo": executable file not found in $PATH: unknown})
 * because clients (the docker CLI among them) map it to exit codes 126 and 127.
 */
public final class RuntimeFailureException extends RuntimeException {
    public RuntimeFailureException(String message) {
        super(message);
    }

    static String dockerWording(String runtime, String raw) {
        String message = raw == null ? "" : raw.strip();
        // crun: "executable file `foo` not found in $PATH: No such file or directory"
        var crunNotFound = java.util.regex.Pattern.compile("executable file `([^`]*)` not found in \\$PATH[^\\n]*")
                .matcher(message);
        if (crunNotFound.find()) {
            message = "exec: \"" + crunNotFound.group(1) + "\": executable file not found in $PATH";
        } else {
            var crunExec = java.util.regex.Pattern.compile("(?:execv?p?e? `([^`]*)`|exec(?:ve)? `([^`]*)`): ([^\\n]*)")
                    .matcher(message);
            if (crunExec.find()) {
                String file = crunExec.group(1) != null ? crunExec.group(1) : crunExec.group(2);
                message = "exec: \"" + file + "\": " + lowerFirst(crunExec.group(3));
            }
        }
        message = message.replace("No such file or directory", "no such file or directory")
                .replace("Permission denied", "permission denied")
                .replace("Is a directory", "is a directory");
        if (message.startsWith(runtime + ": ")) {
            message = message.substring(runtime.length() + 2);
        }
        return "failed to create task for container: OCI runtime create failed: " + runtime
                + " create failed: unable to start container process: " + message + ": unknown";
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
