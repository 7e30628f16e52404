namespace RetroGrid.Dropbox;

/// <summary>How a route carries its argument and result (§1.3), plus the form-encoded token endpoint.</summary>
internal enum DropboxRouteStyle
{
    /// <summary>JSON body in, JSON body out; api host.</summary>
    Rpc,

    /// <summary>Argument in <c>Dropbox-API-Arg</c>, raw bytes in, JSON out; content host.</summary>
    Upload,

    /// <summary>Argument in <c>Dropbox-API-Arg</c>, bytes out with <c>Dropbox-API-Result</c>; content host.</summary>
    Download,

    /// <summary>The OAuth token endpoint: form body in, JSON out; api host.</summary>
    Form,
}
