using System.Security.Authentication;
using Grpc.Core;
using RetroGrid.Agent.Cli;
using RetroGrid.Dropbox;

namespace RetroGrid.Agent.Service;

/// <summary>What the controller's refusals mean for the agent: its RetroGrid code and next step travel in the trailers.</summary>
internal static class ControllerErrors
{
    public static AgentServiceException From(RpcException exception)
    {
        if (exception.Trailers.GetValue("retrogrid-error-code") is { } code)
        {
            var nextStep = exception.Trailers.GetValue("retrogrid-next-step") ?? string.Empty;
            return new AgentServiceException(new RetroGridErrorCode(code, "ControllerRefused", exception.Status.Detail, nextStep), exception.Status.Detail, exception);
        }

        return IsUntrusted(exception)
            ? new AgentServiceException(AgentErrorCodes.ControllerNotTrusted, "The controller's certificate was refused.", exception)
            : new AgentServiceException(AgentErrorCodes.ControllerUnreachable, exception.Status.Detail, exception);
    }

    /// <summary>True when the call failed because this agent refused the controller's certificate.</summary>
    public static bool IsUntrusted(RpcException exception)
    {
        for (Exception? inner = exception.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
