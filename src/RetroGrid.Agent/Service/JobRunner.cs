using Grpc.Core;
using RetroGrid.Agent.Cli;
using RetroGrid.Agent.Telemetry;
using RetroGrid.Contracts.V1;
using RetroGrid.Core.Backup;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Restore;
using RetroGrid.Core.Storage;
using RetroGrid.Dropbox;

namespace RetroGrid.Agent.Service;

/// <summary>
/// Runs one job the controller sent on the engines, straight against the set's Dropbox folder: the set's key and
/// short-lived tokens come from the controller, the data never passes through it. Every failure becomes the job's
/// outcome with its RetroGrid code; nothing is thrown to the session.
/// </summary>
internal sealed class JobRunner(AgentService.AgentServiceClient controller, string agentId, TimeProvider time)
{
    /// <summary>Runs <paramref name="job"/>; progress goes to <paramref name="report"/> (a few times a second).</summary>
    public async Task<JobOutcome> RunAsync(StartJob job, Func<JobProgress, Task> report, CancellationToken cancellationToken)
    {
        using var activity = AgentTelemetry.JobStarted(job, agentId);
        var started = time.GetTimestamp();
        var outcome = await RunCoreAsync(job, report, cancellationToken);
        AgentTelemetry.JobEnded(activity, job, outcome, time.GetElapsedTime(started));
        return outcome;
    }

    private async Task<JobOutcome> RunCoreAsync(StartJob job, Func<JobProgress, Task> report, CancellationToken cancellationToken)
    {
        try
        {
            return job.KindCase switch
            {
                StartJob.KindOneofCase.Backup => await BackupAsync(job, report, cancellationToken),
                StartJob.KindOneofCase.Restore => await RestoreAsync(job, report, cancellationToken),
                _ => Failed(job.JobId, AgentErrorCodes.CannotRunJob, AgentErrorCodes.CannotRunJob.Message),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new JobOutcome { JobId = job.JobId, State = JobState.Cancelled };
        }
        catch (RpcException ex)
        {
            var error = ControllerErrors.From(ex);
            return Failed(job.JobId, error.Code, error.Message);
        }
        catch (AgentServiceException ex)
        {
            return Failed(job.JobId, ex.Code, ex.Message);
        }
        catch (DropboxApiException ex)
        {
            return Failed(job.JobId, ex.Code, ex.Message);
        }
        catch (RetroGridFormatException ex)
        {
            return Failed(job.JobId, ex.Code, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return Failed(job.JobId, AgentErrorCodes.LocalIoError, ex.Message);
        }
    }

    private async Task<JobOutcome> BackupAsync(StartJob job, Func<JobProgress, Task> report, CancellationToken cancellationToken)
    {
        using var opened = await OpenAsync(job, TokenPurpose.Backup, cancellationToken);
        var request = new BackupRequest([.. job.Backup.Paths]) { AgentId = agentId, Tags = [.. job.Backup.Tags], Excludes = [.. job.Backup.Excludes] };
        var progress = new ProgressForwarder<BackupProgress>(p => report(new JobProgress
        {
            JobId = job.JobId,
            Statistics = new JobStatistics { FilesScanned = p.FilesScanned, FilesDone = p.FilesDone, BytesScanned = p.BytesScanned, BytesNew = p.BytesNew, BytesUploaded = p.BytesUploaded },
            EtaSeconds = p.EstimatedRemaining?.TotalSeconds ?? 0,
        }));
        var engine = new BackupEngine(opened.Set, new BackupEngineOptions
        {
            StayOnFileSystem = job.Backup.StayOnFileSystem,
            BlobFinder = new ControllerBlobFinder(controller, job.SetId, job.JobId),
        });
        var result = await engine.RunAsync(request, progress, cancellationToken);
        var statistics = result.Snapshot.Statistics;
        var outcome = new JobOutcome
        {
            JobId = job.JobId,
            State = JobState.Succeeded,
            SnapshotName = result.SnapshotName,
            Statistics = new JobStatistics
            {
                FilesScanned = statistics.FilesScanned,
                FilesDone = statistics.FilesScanned,
                BytesScanned = statistics.BytesScanned,
                BytesNew = statistics.BytesNew,
                BytesUploaded = statistics.BytesUploaded,
            },
        };
        outcome.Warnings.AddRange(result.Snapshot.Warnings.Select(w => new JobWarning { Path = w.Path, Code = w.Kind.ToString(), Message = w.Message }));
        return outcome;
    }

    private async Task<JobOutcome> RestoreAsync(StartJob job, Func<JobProgress, Task> report, CancellationToken cancellationToken)
    {
        using var opened = await OpenAsync(job, TokenPurpose.Restore, cancellationToken);
        var (name, _) = await SnapshotResolver.ResolveAsync(opened.Set, job.Restore.SnapshotName, cancellationToken);
        var request = new RestoreRequest(name, job.Restore.Target)
        {
            Includes = [.. job.Restore.Includes],
            ExistingFiles = job.Restore.ExistingFiles switch
            {
                Contracts.V1.ExistingFilePolicy.Overwrite => Core.Restore.ExistingFilePolicy.Overwrite,
                Contracts.V1.ExistingFilePolicy.KeepBoth => Core.Restore.ExistingFilePolicy.KeepBoth,
                _ => Core.Restore.ExistingFilePolicy.SkipIdentical,
            },
        };
        var progress = new ProgressForwarder<RestoreProgress>(p => report(new JobProgress
        {
            JobId = job.JobId,
            Statistics = new JobStatistics { FilesScanned = p.FilesTotal, FilesDone = p.FilesDone, BytesScanned = p.BytesTotal, BytesWritten = p.BytesDone },
            EtaSeconds = p.EstimatedRemaining?.TotalSeconds ?? 0,
        }));
        var result = await new RestoreEngine(opened.Set).RunAsync(request, progress, cancellationToken);
        var outcome = new JobOutcome
        {
            JobId = job.JobId,
            State = result.IsComplete ? JobState.Succeeded : JobState.Failed,
            Statistics = new JobStatistics { FilesScanned = result.Files, FilesDone = result.Files, BytesWritten = result.Bytes },
        };
        outcome.Warnings.AddRange(result.Warnings.Select(w => new JobWarning { Message = w }));
        if (!result.IsComplete)
        {
            outcome.Error = new ErrorInfo
            {
                Code = AgentErrorCodes.RestoreIncomplete.Code,
                Message = $"{result.Failures.Count} entries could not be restored: {string.Join("; ", result.Failures.Take(5))}",
                NextStep = AgentErrorCodes.RestoreIncomplete.NextStep,
            };
        }

        return outcome;
    }

    private async Task<OpenedSet> OpenAsync(StartJob job, TokenPurpose purpose, CancellationToken cancellationToken)
    {
        var access = await controller.OpenSetAsync(new OpenSetRequest { SetId = job.SetId, JobId = job.JobId }, cancellationToken: cancellationToken);
        var tokens = new ControllerTokenSource(controller, job.SetId, job.JobId, purpose, time);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            var options = new DropboxClientOptions { ApiBaseAddress = new Uri(access.DropboxApiBaseUrl), ContentBaseAddress = new Uri(access.DropboxContentBaseUrl) };
            // A backup's every write goes through the controller's commit coordinator (restores write nothing): the
            // controller is then the account's only committer, and no agent's upload competes for Dropbox's write lock.
            var store = new DropboxStore(
                new DropboxClient(http, tokens, options, time), access.DropboxFolder, new ControllerPackCommitter(controller, job.SetId, job.JobId), commitEveryWrite: true);
            var kek = access.SetKey.ToByteArray();
            try
            {
                return new OpenedSet(await Core.Repository.BackupSet.OpenWithKekAsync(store, kek, cancellationToken), http, tokens);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(kek);
            }
        }
        catch
        {
            http.Dispose();
            tokens.Dispose();
            throw;
        }
    }

    private static JobOutcome Failed(string jobId, RetroGridErrorCode code, string message) => new()
    {
        JobId = jobId,
        State = JobState.Failed,
        Error = new ErrorInfo { Code = code.Code, Message = message, NextStep = code.NextStep },
    };

    /// <summary>An opened set and what it needs kept alive for the job.</summary>
    private sealed record OpenedSet(Core.Repository.BackupSet Set, HttpClient Http, ControllerTokenSource Tokens) : IDisposable
    {
        public void Dispose()
        {
            Http.Dispose();
            Tokens.Dispose();
        }
    }

    /// <summary>Engine progress callbacks forwarded to the controller without blocking the engine (the latest wins).</summary>
    private sealed class ProgressForwarder<T>(Func<T, Task> forward) : IProgress<T>
    {
        private int _sending;

        public void Report(T value)
        {
            if (Interlocked.Exchange(ref _sending, 1) == 0)
            {
                _ = SendAsync(value);
            }
        }

        private async Task SendAsync(T value)
        {
            try
            {
                await forward(value);
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or OperationCanceledException or IOException)
            {
                // Progress is best effort: the outcome, which matters, is sent (and re-sent) on its own.
            }
            finally
            {
                Volatile.Write(ref _sending, 0);
            }
        }
    }
}
