// Seed: /work/shared/seeds/000_f7b4120c13efcc04.txt (English API reference of @ohos.net.webSocket),
// section "Modules to Import", seed lines 17-17.
// Copied verbatim; only the indentation is restored (the seed flattened it).

import { webSocket } from '@kit.NetworkKit';
