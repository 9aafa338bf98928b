package io.berth.cli.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** docker's confirmation prompt: the question, {@code " [y/N] "}, and yes only for {@code y} or {@code Y}. */
public final class Prompts {
    private Prompts() {}

    public static boolean confirm(PrintWriter out, String question) throws IOException {
        out.print(question + " [y/N] ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && (answer.strip().equals("y") || answer.strip().equals("Y"));
    }
}
