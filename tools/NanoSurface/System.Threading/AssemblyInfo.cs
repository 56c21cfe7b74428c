// nanoframework/System.Threading: package nanoFramework.System.Threading 1.1.x (dll System.Threading.dll).
// Only CancellationToken & co. are compiled on 1.x: no Task, no async, no ThreadPool.
