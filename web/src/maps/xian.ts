// Xi'an's districts for ECharts (README.md here: the source and the licence):
// registered as the map 'xian'; `xianDistricts` are the names it has, which
// the dashboard matches with its units' names.
import * as echarts from 'echarts/core'
import { MapChart } from 'echarts/charts'
import xianText from './xian.geojson?raw'

const geo = JSON.parse(xianText)
// registerMap does nothing until a map chart is installed (it provides the implementation).
echarts.use([MapChart])
echarts.registerMap('xian', geo)
export const xianDistricts: string[] = geo.features.map((f: { properties: { name: string } }) => f.properties.name)
