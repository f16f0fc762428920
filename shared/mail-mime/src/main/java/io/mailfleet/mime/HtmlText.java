package io.mailfleet.mime;

import org.jsoup.Jsoup;
import org.jsoup.nodes.CDataNode;
import org.jsoup.nodes.Document;

/**
 * The text a reader of an HTML part sees, for PREVIEW and SEARCH: jsoup parses the HTML as a browser
 * does (entities resolved, unclosed tags closed, comments, {@code <head>}, scripts and styles left
 * out), and block boundaries and line breaks become spaces. Parsing costs time and memory in
 * proportion to the input, which the callers bound.
 */
final class HtmlText {

    private HtmlText() {
    }

    static String of(String html) {
        Document document = Jsoup.parse(html);
        // Never rendered: scripts and styles (jsoup leaves their data out of the text but spaces their
        // neighbours apart), a template's inert content, and a CDATA section outside SVG and MathML,
        // which is a comment to a browser (HTML Living Standard §13.2.5.42) and text to jsoup.
        document.select("script, style, template").remove();
        document.body().forEachNode(node -> {
            if (node instanceof CDataNode) {
                node.remove();
            }
        });
        return document.body().text();
    }
}
