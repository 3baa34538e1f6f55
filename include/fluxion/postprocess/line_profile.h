#ifndef fluxion_postprocess_line_profile_h
#define fluxion_postprocess_line_profile_h

#include <deal.II/base/mpi_remote_point_evaluation.h>
#include <deal.II/base/point.h>
#include <fluxion/postprocess/interface.h>

namespace Fluxion
{
  /**
   * The fields (by default all) at equally spaced points along a straight
   * line, written as CSV on output steps (profile-NNNNN.csv, and profile.csv
   * for the latest).
   */
  template <int dim>
  class LineProfile : public Postprocessor<dim>
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

    /** The file counter. */
    std::vector<double>
    get_state() const override;

    void
    set_state(const std::vector<double> &state) override;

    void
    check_fields(const FieldDescriptions &fields) const override;

  private:
    /**
     * The values of field @p field (scaled by its field_scale()) at the
     * points of @p rpe, one per point.
     */

    std::string  field_list;
    Point<dim>   start, end;
    unsigned int n_points = 101;
    unsigned int count    = 0;
  };
} // namespace Fluxion

#endif
