#!/usr/bin/env node
// A committed shim, so that npm links the `buzon` bin before the first build has produced dist/.
import "../dist/bin.js"
