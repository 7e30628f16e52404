using System.Net;
using RetroGrid.Controller.Dropbox;

namespace RetroGrid.Controller.Hosting;

/// <summary>
/// Where Dropbox sends the browser after IT staff approved a link (`Dropbox:RedirectToController`): finishes the link
/// and shows a short page. Nothing from the query string is echoed unencoded, and the code is never shown or logged.
/// </summary>
internal static class LinkRedirectEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, SetLinks links)
    {
        var query = context.Request.Query;
        if (query.TryGetValue("error", out var error))
        {
            return Page(HttpStatusCode.BadRequest, "Dropbox did not link the set", $"Dropbox answered: {query["error_description"].FirstOrDefault() ?? error.ToString()}. Start again with rgctl set link.");
        }

        var (state, code) = (query["state"].ToString(), query["code"].ToString());
        if (state.Length == 0 || code.Length == 0)
        {
            return Page(HttpStatusCode.BadRequest, "Not a Dropbox answer", "This address is where Dropbox returns after a link; it needs a code and a state.");
        }

        try
        {
            var setId = await links.CompleteAsync(state, code, "browser", context.RequestAborted);
            return Page(HttpStatusCode.OK, "Set linked", $"Backup set {setId} is linked to Dropbox. You can close this tab.");
        }
        catch (ControllerException ex)
        {
            return Page(HttpStatusCode.BadRequest, "The set was not linked", $"{ex.Code.Code}: {ex.Code.Message} {ex.Code.NextStep}");
        }
    }

    private static IResult Page(HttpStatusCode status, string title, string text) => Results.Content(
        $"<!doctype html><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(text)}</p>",
        "text/html; charset=utf-8",
        statusCode: (int)status);
}
