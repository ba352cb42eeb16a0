// ohos-netkit/basic-services-kit: BusinessError as a type and as a value.
import { BusinessError, type AsyncCallback } from 'ohos-netkit/basic-services-kit';

const error: BusinessError = new BusinessError(401, 'Parameter error');
const done: AsyncCallback<boolean> = (err, value) => console.log(err?.code, value);
done(error, false);
console.log(error instanceof BusinessError, error.code);
