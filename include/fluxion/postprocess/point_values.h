#ifndef fluxion_postprocess_point_values_h
#define fluxion_postprocess_point_values_h

#include <deal.II/base/point.h>

#include <fluxion/postprocess/interface.h>

#include <string>
#include <vector>

namespace Fluxion
{
  /**
   * The fields at named points, as statistics columns '<field> at <name>'
   * (every step), for checks and time series of a probe.
   */
  template <int dim>
  class PointValues : public Postprocessor<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    void
    execute(const PhysicsInterface<dim> &physics,
            Statistics                  &statistics,
            const bool                   write_files,
            const std::string           &directory) override;

    void
    check_fields(const FieldDescriptions &fields) const override;

  private:
    std::vector<std::string> names;
    std::vector<Point<dim>>  points;
    std::string              field_list;
  };
} // namespace Fluxion

#endif
