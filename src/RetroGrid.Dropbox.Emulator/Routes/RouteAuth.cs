namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary>How a route authenticates: a user's bearer token or the app's key and secret (HTTP Basic).</summary>
internal enum RouteAuth
{
    User,
    App,
}
