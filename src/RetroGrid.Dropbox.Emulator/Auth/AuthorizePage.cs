using System.Net;
using System.Text;

namespace RetroGrid.Dropbox.Emulator.Auth;

/// <summary>The HTML pages of <c>/oauth2/authorize</c>: approval (Allow / Deny), the code to paste, errors.</summary>
internal static class AuthorizePage
{
    public static Task ApprovalAsync(HttpContext context, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var hidden = new StringBuilder();
        foreach (var (key, value) in parameters)
        {
            if (key != "decision")
            {
                hidden.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(key))
                    .Append("\" value=\"").Append(WebUtility.HtmlEncode(value)).Append("\">");
            }
        }

        var form = hidden.ToString();
        return WriteAsync(context, StatusCodes.Status200OK, "Authorize app",
            "<h1>RetroGrid Dropbox emulator</h1><p>An app wants access to your (emulated) Dropbox.</p>"
            + $"<form method=\"post\" action=\"/oauth2/authorize\">{form}<button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\">Allow</button></form>"
            + $"<form method=\"post\" action=\"/oauth2/authorize\">{form}<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button></form>",
            cancellationToken);
    }

    public static Task CodeAsync(HttpContext context, string code, CancellationToken cancellationToken) =>
        WriteAsync(context, StatusCodes.Status200OK, "Access code",
            $"<p>Enter this code into your app:</p><code id=\"auth-code\">{WebUtility.HtmlEncode(code)}</code>", cancellationToken);

    public static Task ErrorAsync(HttpContext context, string message, CancellationToken cancellationToken) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, "Error", $"<p id=\"error\">{WebUtility.HtmlEncode(message)}</p>", cancellationToken);

    private static async Task WriteAsync(HttpContext context, int status, string title, string body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        var html = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>";
        await context.Response.WriteAsync(html, cancellationToken);
    }
}
